using System;
using System.IO;

namespace RnnGen.Training;

/// <summary>
/// AdamW, step for step as <c>torch.optim.AdamW</c> (without amsgrad): weight decay decoupled from the
/// gradient, <c>p = p · (1 - lr · weightDecay)</c>, then Adam's update with the plain gradient:
/// <c>m = β1·m + (1 - β1)·g</c>, <c>v = β2·v + (1 - β2)·g²</c>, <c>p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)</c>.
/// </summary>
/// <remarks>
/// Each element is computed with separate (unfused) float operations in the same order on every
/// instruction set, so the result does not depend on the vector width.
/// </remarks>
public sealed class AdamW : IOptimizer
{
    private const string Kind = "AdamW";

    private readonly AdamMoments _moments;

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters with PyTorch's defaults.</summary>
    /// <param name="parameterCount">The length of the parameter buffer it will update.</param>
    /// <param name="learningRate">The step size, at least 0.</param>
    /// <param name="beta1">The decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for stability, at least 0.</param>
    /// <param name="weightDecay">The decoupled weight decay, at least 0 (PyTorch's default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public AdamW(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerState.CheckHyperparameter(learningRate, nameof(learningRate), 0);
        OptimizerState.CheckHyperparameter(beta1, nameof(beta1), 0, 1);
        OptimizerState.CheckHyperparameter(beta2, nameof(beta2), 0, 1);
        OptimizerState.CheckHyperparameter(epsilon, nameof(epsilon), 0);
        OptimizerState.CheckHyperparameter(weightDecay, nameof(weightDecay), 0);
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _moments = new AdamMoments(parameterCount);
    }

    /// <inheritdoc/>
    public int ParameterCount { get; }

    /// <inheritdoc/>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>The decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for stability.</summary>
    public double Epsilon { get; }

    /// <summary>The decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerState.CheckStep(parameters.Length, gradients.Length, ParameterCount);
        StepCount++;
        AdamUpdate.Apply(parameters, gradients, _moments.First, _moments.Second, StepCount, LearningRate, Beta1, Beta2, Epsilon, 0, WeightDecay);
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        OptimizerState.WriteHeader(writer, Kind, ParameterCount, StepCount, LearningRate);
        _moments.Save(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        (long stepCount, double learningRate) = OptimizerState.ReadHeader(reader, Kind, ParameterCount);
        _moments.Load(reader);
        StepCount = stepCount;
        LearningRate = learningRate;
    }
}
