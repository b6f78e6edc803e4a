using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RnnGen.Weights;

/// <summary>
/// A weight file (safetensors or ONNX) that cannot be loaded into a network: it is malformed, or its
/// tensors do not fit the network. The message names the file and lists every problem found.
/// </summary>
/// <remarks>
/// A load that throws this leaves the network's parameters exactly as they were. It is an
/// <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so code that handles
/// unreadable files handles bad ones too.
/// </remarks>
public sealed class WeightFileException : IOException
{
    /// <summary>Reports one problem with <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The file as the caller named it.</param>
    /// <param name="problem">What is wrong, as a sentence without the file name.</param>
    public WeightFileException(string fileName, string problem)
        : this(fileName, new[] { problem })
    {
    }

    /// <summary>Reports every problem found with <paramref name="fileName"/>.</summary>
    /// <param name="fileName">The file as the caller named it.</param>
    /// <param name="problems">What is wrong, one sentence each, at least one.</param>
    public WeightFileException(string fileName, IEnumerable<string> problems)
        : this(fileName, (problems ?? throw new ArgumentNullException(nameof(problems))).ToArray())
    {
    }

    private WeightFileException(string fileName, string[] problems)
        : base(Describe(fileName, problems))
    {
        FileName = fileName;
        Problems = Array.AsReadOnly(problems);
    }

    /// <summary>The file as the caller named it.</summary>
    public string FileName { get; }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string fileName, string[] problems)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (problems.Length == 0)
        {
            throw new ArgumentException("A weight file exception needs at least one problem.", nameof(problems));
        }

        return problems.Length == 1
            ? $"{fileName}: {problems[0]}"
            : $"{fileName}: {problems.Length} problems:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}";
    }
}
