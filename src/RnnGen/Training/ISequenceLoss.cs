using System;

namespace RnnGen.Training;

/// <summary>
/// A loss over a batch of network outputs <c>[B, T, OutputSize]</c> with per-sequence lengths, reduced by
/// the mean over its contributing elements (PyTorch's default <c>reduction='mean'</c> with padding masked out).
/// </summary>
/// <typeparam name="TTarget">The target element: <see cref="float"/> for values, <see cref="int"/> for class indices.</typeparam>
public interface ISequenceLoss<TTarget>
    where TTarget : unmanaged
{
    /// <summary>Whether targets are per step (many-to-many) or per sequence (many-to-one).</summary>
    SequenceTargets Targets { get; }

    /// <summary>The number of target elements per contributing step for a network with <paramref name="outputSize"/> outputs.</summary>
    int TargetSize(int outputSize);

    /// <summary>
    /// Evaluates the loss of a batch and, unless <paramref name="outputGradients"/> is empty, writes the gradient
    /// of its mean (<see cref="SumAndCount.Mean"/>) with respect to every output; padded steps, and under
    /// <see cref="SequenceTargets.LastStep"/> every step but the last valid one, get zero.
    /// </summary>
    /// <param name="outputs">The network's outputs, <c>[B, T, outputSize]</c> batch-major.</param>
    /// <param name="outputSize">The values of one output step.</param>
    /// <param name="lengths">The valid steps of each sequence, 1 to T; B is its length.</param>
    /// <param name="targets"><c>[B, T, TargetSize]</c> for <see cref="SequenceTargets.EveryStep"/>, <c>[B, TargetSize]</c> for <see cref="SequenceTargets.LastStep"/>.</param>
    /// <param name="outputGradients">Receives dLoss/dOutputs, the same shape as <paramref name="outputs"/>; or empty to skip.</param>
    /// <returns>The summed loss and the number of contributing elements; the loss is their <see cref="SumAndCount.Mean"/>.</returns>
    /// <exception cref="ArgumentException">The spans do not have the shapes above, or a length is outside 1 to T.</exception>
    SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<TTarget> targets, Span<float> outputGradients);
}
