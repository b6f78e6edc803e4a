using System;

namespace RnnGen.Training;

/// <summary>
/// Mean squared error, PyTorch's <c>nn.MSELoss()</c>: the mean of <c>(output - target)²</c> over every
/// output value of every contributing step, so the denominator is <c>OutputSize</c> times the number of
/// contributing steps (the valid steps, or one per sequence for <see cref="SequenceTargets.LastStep"/>).
/// </summary>
public sealed class MeanSquaredError : ISequenceLoss<float>
{
    /// <summary>A loss with a target for every output value of every step.</summary>
    /// <param name="targets">Whether every valid step has a target, or only each sequence's last one.</param>
    public MeanSquaredError(SequenceTargets targets) => Targets = targets;

    /// <summary>The many-to-many loss: targets <c>[B, T, OutputSize]</c>.</summary>
    public static MeanSquaredError EveryStep { get; } = new(SequenceTargets.EveryStep);

    /// <summary>The many-to-one loss: targets <c>[B, OutputSize]</c> for each sequence's last valid step.</summary>
    public static MeanSquaredError LastStep { get; } = new(SequenceTargets.LastStep);

    /// <inheritdoc/>
    public SequenceTargets Targets { get; }

    /// <inheritdoc/>
    public int TargetSize(int outputSize) => outputSize;

    /// <inheritdoc/>
    public SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<float> targets, Span<float> outputGradients) =>
        LossEvaluation.Evaluate<float, SquaredError>(Targets, outputSize, outputSize, outputs, outputSize, lengths, targets, outputGradients);

    private readonly struct SquaredError : IStepLoss<float>
    {
        public static double Step(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, double gradientScale)
        {
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
            {
                double difference = (double)output[i] - target[i];
                sum += difference * difference;
                if (!gradient.IsEmpty)
                {
                    gradient[i] = (float)(2 * difference * gradientScale);
                }
            }

            return sum;
        }
    }
}
