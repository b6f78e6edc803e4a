using System;
using System.Collections.Generic;
using RnnGen.Training;

namespace RnnGen.Samples.Classify;

/// <summary>A word the user gave, the index of the language the network picks, and its probability for each language of <see cref="Languages.All"/>.</summary>
public sealed record WordLabel(string Word, int Language, IReadOnlyList<float> Probabilities);

/// <summary>What a run of the Classify sample measured.</summary>
public sealed record ClassificationReport
{
    /// <summary>Held-out words by actual language (row) and predicted language (column), indexed as <see cref="Languages.All"/>.</summary>
    public required int[,] ConfusionMatrix { get; init; }

    /// <summary>The index of the most common language among the training words: the majority-class guess.</summary>
    public required int MajorityLanguage { get; init; }

    /// <summary>How the training went.</summary>
    public required TrainingResult Training { get; init; }

    /// <summary>The words given on the command line, labeled.</summary>
    public required IReadOnlyList<WordLabel> Labels { get; init; }

    /// <summary>The number of held-out words.</summary>
    public int HeldOutWords => Sum((_, _) => true);

    /// <summary>The share of held-out words labeled with their language.</summary>
    public double Accuracy => (double)Sum((actual, predicted) => actual == predicted) / HeldOutWords;

    /// <summary>The share of held-out words that always answering <see cref="MajorityLanguage"/> gets right.</summary>
    public double MajorityBaseline => (double)Sum((actual, _) => actual == MajorityLanguage) / HeldOutWords;

    private int Sum(Func<int, int, bool> counts)
    {
        int sum = 0;
        for (int actual = 0; actual < ConfusionMatrix.GetLength(0); actual++)
        {
            for (int predicted = 0; predicted < ConfusionMatrix.GetLength(1); predicted++)
            {
                if (counts(actual, predicted))
                {
                    sum += ConfusionMatrix[actual, predicted];
                }
            }
        }

        return sum;
    }
}
