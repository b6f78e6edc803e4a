using System;

namespace RnnGen.Training;

/// <summary>
/// The fraction of contributing steps whose largest output (the first one on a tie, as <c>torch.argmax</c>)
/// is the target class: a validation metric for <see cref="SoftmaxCrossEntropy"/>.
/// </summary>
public sealed class ClassificationAccuracy : ISequenceMetric<int>
{
    /// <summary>Accuracy over every valid step, or over each sequence's last one.</summary>
    /// <param name="targets">Whether every valid step has a class, or only each sequence's last one.</param>
    public ClassificationAccuracy(SequenceTargets targets) => Targets = targets;

    /// <summary>Accuracy over every valid step: class indices <c>[B, T]</c>.</summary>
    public static ClassificationAccuracy EveryStep { get; } = new(SequenceTargets.EveryStep);

    /// <summary>Accuracy over each sequence's last valid step: class indices <c>[B]</c>.</summary>
    public static ClassificationAccuracy LastStep { get; } = new(SequenceTargets.LastStep);

    /// <inheritdoc/>
    public SequenceTargets Targets { get; }

    /// <inheritdoc/>
    public SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<int> targets)
    {
        int steps = SequenceLayout.CheckBatch(outputs.Length, outputSize, lengths, targets.Length, 1, Targets);
        long correct = 0;
        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            int length = lengths[sequence];
            for (int step = SequenceLayout.FirstContributingStep(length, Targets); step < length; step++)
            {
                ReadOnlySpan<float> scores = outputs.Slice(((sequence * steps) + step) * outputSize, outputSize);
                if (ArgMax(scores) == targets[SequenceLayout.TargetOffset(sequence, step, steps, 1, Targets)])
                {
                    correct++;
                }
            }
        }

        return new SumAndCount(correct, SequenceLayout.ContributingSteps(lengths, Targets));
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
