using System;

namespace RnnGen.Training;

/// <summary>The loop every loss shares: visit the contributing steps, average, and zero the rest of the gradient.</summary>
internal static class LossEvaluation
{
    /// <summary>Evaluates <typeparamref name="TStep"/> over a batch as <see cref="ISequenceLoss{TTarget}.Evaluate"/> describes.</summary>
    /// <param name="targets">Per step or per sequence.</param>
    /// <param name="targetSize">Target elements per contributing step.</param>
    /// <param name="elementsPerStep">Loss elements per contributing step, the mean's denominator per step.</param>
    /// <param name="outputs">The outputs, <c>[B, T, outputSize]</c>.</param>
    /// <param name="outputSize">The values of one output step.</param>
    /// <param name="lengths">The valid steps of each sequence.</param>
    /// <param name="targetValues">The targets.</param>
    /// <param name="outputGradients">Receives the gradient of the mean, or empty.</param>
    public static SumAndCount Evaluate<TTarget, TStep>(
        SequenceTargets targets,
        int targetSize,
        int elementsPerStep,
        ReadOnlySpan<float> outputs,
        int outputSize,
        ReadOnlySpan<int> lengths,
        ReadOnlySpan<TTarget> targetValues,
        Span<float> outputGradients)
        where TTarget : unmanaged
        where TStep : IStepLoss<TTarget>
    {
        int steps = SequenceLayout.CheckBatch(outputs.Length, outputSize, lengths, targetValues.Length, targetSize, targets);
        bool wantsGradients = SequenceLayout.WantsGradients(outputGradients.Length, outputs.Length);
        long count = SequenceLayout.ContributingSteps(lengths, targets) * elementsPerStep;
        double gradientScale = 1.0 / count;
        if (wantsGradients)
        {
            outputGradients.Clear();
        }

        double sum = 0;
        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            int length = lengths[sequence];
            for (int step = SequenceLayout.FirstContributingStep(length, targets); step < length; step++)
            {
                int outputOffset = ((sequence * steps) + step) * outputSize;
                ReadOnlySpan<TTarget> target = targetValues.Slice(SequenceLayout.TargetOffset(sequence, step, steps, targetSize, targets), targetSize);
                Span<float> gradient = wantsGradients ? outputGradients.Slice(outputOffset, outputSize) : default;
                sum += TStep.Step(outputs.Slice(outputOffset, outputSize), target, gradient, gradientScale);
            }
        }

        return new SumAndCount(sum, count);
    }
}
