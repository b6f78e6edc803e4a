using System;

namespace RnnGen.Training;

/// <summary>A quality measure reported beside the validation loss, averaged over its contributing elements.</summary>
/// <typeparam name="TTarget">The target element, as the loss it accompanies.</typeparam>
public interface ISequenceMetric<TTarget>
    where TTarget : unmanaged
{
    /// <summary>Whether targets are per step (many-to-many) or per sequence (many-to-one).</summary>
    SequenceTargets Targets { get; }

    /// <summary>Evaluates a batch; the shapes are those of <see cref="ISequenceLoss{TTarget}.Evaluate"/>.</summary>
    /// <returns>The summed metric and the number of contributing elements.</returns>
    SumAndCount Evaluate(ReadOnlySpan<float> outputs, int outputSize, ReadOnlySpan<int> lengths, ReadOnlySpan<TTarget> targets);
}
