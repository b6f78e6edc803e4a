using System;

namespace RnnGen.Training;

/// <summary>Where the contributing steps of a padded batch-major batch and their targets lie.</summary>
internal static class SequenceLayout
{
    /// <summary>Checks a batch's outputs, lengths and targets against each other; returns T, the padded step count.</summary>
    public static int CheckBatch(int outputsLength, int outputSize, ReadOnlySpan<int> lengths, int targetsLength, int targetSize, SequenceTargets targets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (lengths.IsEmpty)
        {
            throw new ArgumentException("A batch needs at least one sequence.", nameof(lengths));
        }

        int batch = lengths.Length;
        if (outputsLength % (batch * outputSize) != 0 || outputsLength == 0)
        {
            throw new ArgumentException(
                $"outputs must be [B, T, OutputSize] with B = {batch} and OutputSize = {outputSize}, but has {outputsLength} values.",
                "outputs");
        }

        int steps = outputsLength / (batch * outputSize);
        foreach (int length in lengths)
        {
            if (length < 1 || length > steps)
            {
                throw new ArgumentException($"A sequence length is {length}; the outputs hold 1 to {steps} steps.", nameof(lengths));
            }
        }

        int expectedTargets = targets == SequenceTargets.EveryStep ? batch * steps * targetSize : batch * targetSize;
        if (targetsLength != expectedTargets)
        {
            string shape = targets == SequenceTargets.EveryStep ? $"[B, T, {targetSize}] = [{batch}, {steps}, {targetSize}]" : $"[B, {targetSize}] = [{batch}, {targetSize}]";
            throw new ArgumentException($"targets must be {shape} ({expectedTargets} values) for {targets} targets, but has {targetsLength}.", nameof(targets));
        }

        return steps;
    }

    /// <summary>Checks that a gradient span is empty or has the outputs' shape; returns whether gradients are wanted.</summary>
    public static bool WantsGradients(int gradientsLength, int outputsLength)
    {
        if (gradientsLength != 0 && gradientsLength != outputsLength)
        {
            throw new ArgumentException(
                $"outputGradients must be empty or have the outputs' {outputsLength} values, but has {gradientsLength}.", "outputGradients");
        }

        return gradientsLength != 0;
    }

    /// <summary>How many steps contribute to a loss: every valid step, or one per sequence.</summary>
    public static long ContributingSteps(ReadOnlySpan<int> lengths, SequenceTargets targets)
    {
        if (targets == SequenceTargets.LastStep)
        {
            return lengths.Length;
        }

        long steps = 0;
        foreach (int length in lengths)
        {
            steps += length;
        }

        return steps;
    }

    /// <summary>The first step of a sequence that has a target.</summary>
    public static int FirstContributingStep(int length, SequenceTargets targets) => targets == SequenceTargets.LastStep ? length - 1 : 0;

    /// <summary>The offset of the target of <paramref name="sequence"/> at <paramref name="step"/>.</summary>
    public static int TargetOffset(int sequence, int step, int steps, int targetSize, SequenceTargets targets) =>
        targets == SequenceTargets.EveryStep ? ((sequence * steps) + step) * targetSize : sequence * targetSize;
}
