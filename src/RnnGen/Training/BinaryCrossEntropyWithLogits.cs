using System;

namespace RnnGen.Training;

/// <summary>
/// Sigmoid followed by binary cross-entropy, fused: PyTorch's <c>nn.BCEWithLogitsLoss()</c>. The outputs
/// are logits x and the targets probabilities z in [0, 1]; each element's loss is
/// <c>max(x, 0) - x·z + log(1 + exp(-|x|))</c>, which never overflows and keeps its precision where the
/// sigmoid saturates. The loss is the mean over every output value of every contributing step; the
/// gradient is <c>(sigmoid(x) - z)</c> over that count.
/// </summary>
public sealed class BinaryCrossEntropyWithLogits : ISequenceLoss<float>
{
    /// <summary>A loss with a target probability for every output value of every contributing step.</summary>
    /// <param name="targets">Whether every valid step has targets, or only each sequence's last one.</param>
    public BinaryCrossEntropyWithLogits(SequenceTargets targets) => Targets = targets;

    /// <summary>The many-to-many loss: targets <c>[B, T, OutputSize]</c>.</summary>
    public static BinaryCrossEntropyWithLogits EveryStep { get; } = new(SequenceTargets.EveryStep);

    /// <summary>The many-to-one loss: targets <c>[B, OutputSize]</c> for each sequence's last valid step.</summary>
    public static BinaryCrossEntropyWithLogits LastStep { get; } = new(SequenceTargets.LastStep);

    /// <inheritdoc/>
    public SequenceTargets Targets { get; }

    /// <inheritdoc/>
    public int TargetSize(int outputSize) => outputSize;

    /// <inheritdoc/>
    public SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<float> targets, Span<float> outputGradients) =>
        LossEvaluation.Evaluate<float, LogisticLoss>(Targets, outputSize, outputSize, outputs, outputSize, lengths, targets, outputGradients);

    private readonly struct LogisticLoss : IStepLoss<float>
    {
        public static double Step(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, Span<float> gradient, double gradientScale)
        {
            double sum = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                double x = logits[i];
                double z = target[i];
                double exponential = Math.Exp(-Math.Abs(x));
                sum += Math.Max(x, 0) - (x * z) + LogOnePlus(exponential);
                if (!gradient.IsEmpty)
                {
                    // sigmoid(x) - z, arranged so that no 1 - (nearly 1) cancels where the sigmoid saturates.
                    double tail = exponential / (1 + exponential);
                    double difference = x >= 0 ? (1 - z) - tail : tail - z;
                    gradient[i] = (float)(difference * gradientScale);
                }
            }

            return sum;
        }

        // log(1 + e) without losing e where 1 + e rounds (Goldberg's correction); .NET's LogP1 evaluates log(1 + e) directly.
        private static double LogOnePlus(double e)
        {
            double u = 1 + e;
            return u == 1 ? e : Math.Log(u) * e / (u - 1);
        }
    }
}
