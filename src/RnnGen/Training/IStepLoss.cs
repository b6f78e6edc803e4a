using System;

namespace RnnGen.Training;

/// <summary>The loss of one output step, as the shared <see cref="LossEvaluation"/> loop calls it.</summary>
/// <typeparam name="TTarget">The target element.</typeparam>
internal interface IStepLoss<TTarget>
    where TTarget : unmanaged
{
    /// <summary>
    /// Returns the summed loss of one step's elements and, unless <paramref name="gradient"/> is empty, writes
    /// their gradient multiplied by <paramref name="gradientScale"/> (one over the batch's contributing elements).
    /// </summary>
    static abstract double Step(ReadOnlySpan<float> output, ReadOnlySpan<TTarget> target, Span<float> gradient, double gradientScale);
}
