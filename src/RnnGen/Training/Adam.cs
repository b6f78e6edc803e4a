using System;
using System.IO;

namespace RnnGen.Training;

/// <summary>
/// Adam, with the update formulas of <c>torch.optim.Adam</c> (without amsgrad): with <c>g = gradient + weightDecay · p</c>
/// (L2 regularization, coupled to the gradient), <c>m = β1·m + (1 - β1)·g</c>, <c>v = β2·v + (1 - β2)·g²</c>, and
/// <c>p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)</c> at step t = 1, 2, ….
/// </summary>
/// <remarks>
/// Each element is computed with separate (unfused) float operations in the same order on every
/// instruction set, so the result does not depend on the vector width.
/// </remarks>
public class Adam : IOptimizer
{
    private readonly string _kind;
    private readonly bool _decoupledWeightDecay;
    private readonly AdamMoments _moments;

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters with PyTorch's defaults.</summary>
    /// <param name="parameterCount">The length of the parameter buffer it will update.</param>
    /// <param name="learningRate">The step size, at least 0.</param>
    /// <param name="beta1">The decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for stability, at least 0.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient, at least 0 (PyTorch's default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : this("Adam", decoupledWeightDecay: false, parameterCount, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <summary>For <see cref="AdamW"/>: the same update with the weight decay applied to the parameters instead of the gradient.</summary>
    private protected Adam(string kind, bool decoupledWeightDecay, int parameterCount, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
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
        _kind = kind;
        _decoupledWeightDecay = decoupledWeightDecay;
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

    /// <summary>The weight decay: an L2 penalty added to the gradient here, decoupled in <see cref="AdamW"/>.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerState.CheckStep(parameters.Length, gradients.Length, ParameterCount);
        StepCount++;
        double coupledDecay = _decoupledWeightDecay ? 0 : WeightDecay;
        double decoupledDecay = _decoupledWeightDecay ? WeightDecay : 0;
        AdamUpdate.Apply(parameters, gradients, _moments.First, _moments.Second, StepCount, LearningRate, Beta1, Beta2, Epsilon, coupledDecay, decoupledDecay);
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        OptimizerState.WriteHeader(writer, _kind, ParameterCount, StepCount, LearningRate);
        _moments.Save(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        (long stepCount, double learningRate) = OptimizerState.ReadHeader(reader, _kind, ParameterCount);
        _moments.Load(reader);
        StepCount = stepCount;
        LearningRate = learningRate;
    }
}
