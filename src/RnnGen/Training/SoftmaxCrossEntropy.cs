using System;

namespace RnnGen.Training;

/// <summary>
/// Softmax followed by the negative log-likelihood of the target class, fused: PyTorch's
/// <c>nn.CrossEntropyLoss()</c> with class indices. The outputs are logits (give the network an identity
/// head, not a softmax one). The loss is the mean over contributing steps of
/// <c>logsumexp(logits) - logits[class]</c>, evaluated after subtracting the largest logit so that no
/// exponential overflows; its gradient is <c>(softmax(logits) - onehot(class)) / steps</c>.
/// </summary>
public sealed class SoftmaxCrossEntropy : ISequenceLoss<int>
{
    /// <summary>A loss with one class index per contributing step.</summary>
    /// <param name="targets">Whether every valid step has a class, or only each sequence's last one.</param>
    public SoftmaxCrossEntropy(SequenceTargets targets) => Targets = targets;

    /// <summary>The many-to-many loss: class indices <c>[B, T]</c>.</summary>
    public static SoftmaxCrossEntropy EveryStep { get; } = new(SequenceTargets.EveryStep);

    /// <summary>The many-to-one loss: one class index per sequence, <c>[B]</c>, for its last valid step.</summary>
    public static SoftmaxCrossEntropy LastStep { get; } = new(SequenceTargets.LastStep);

    /// <inheritdoc/>
    public SequenceTargets Targets { get; }

    /// <summary>One class index per contributing step, whatever the output size.</summary>
    /// <param name="outputSize">The number of classes.</param>
    public int TargetSize(int outputSize) => 1;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A class index is outside 0 to outputSize - 1.</exception>
    public SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<int> targets, Span<float> outputGradients) =>
        LossEvaluation.Evaluate<int, CrossEntropy>(Targets, 1, 1, outputs, outputSize, lengths, targets, outputGradients);

    private readonly struct CrossEntropy : IStepLoss<int>
    {
        public static double Step(ReadOnlySpan<float> logits, ReadOnlySpan<int> target, Span<float> gradient, double gradientScale)
        {
            int targetClass = target[0];
            if ((uint)targetClass >= (uint)logits.Length)
            {
                throw new ArgumentOutOfRangeException("targets", targetClass, $"Class indices go from 0 to {logits.Length - 1} (the output size).");
            }

            double largest = double.NegativeInfinity;
            foreach (float logit in logits)
            {
                largest = Math.Max(largest, logit);
            }

            double sumOfExponentials = 0;
            foreach (float logit in logits)
            {
                sumOfExponentials += Math.Exp(logit - largest);
            }

            if (!gradient.IsEmpty)
            {
                for (int i = 0; i < logits.Length; i++)
                {
                    double probability = Math.Exp(logits[i] - largest) / sumOfExponentials;
                    gradient[i] = (float)((probability - (i == targetClass ? 1 : 0)) * gradientScale);
                }
            }

            return largest + Math.Log(sumOfExponentials) - logits[targetClass];
        }
    }
}
