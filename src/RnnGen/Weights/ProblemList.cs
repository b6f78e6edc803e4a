using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>
/// The problems found in one file, reported together; a hostile file could have millions, so the list
/// stops, and reports, at <see cref="Limit"/>.
/// </summary>
internal sealed class ProblemList(string fileName)
{
    public const int Limit = 100;

    private readonly List<string> _problems = [];

    public int Count => _problems.Count;

    /// <exception cref="WeightFileException">This was the <see cref="Limit"/>th problem.</exception>
    public void Add(string problem)
    {
        _problems.Add(problem);
        if (_problems.Count == Limit)
        {
            throw new WeightFileException(fileName, [.. _problems, $"(stopped after {Limit} problems)"]);
        }
    }

    public void AddRange(IEnumerable<string> problems)
    {
        foreach (string problem in problems)
        {
            Add(problem);
        }
    }

    /// <exception cref="WeightFileException">There is at least one problem.</exception>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new WeightFileException(fileName, _problems);
        }
    }
}
