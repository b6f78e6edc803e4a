namespace RnnGen.Training;

/// <summary>
/// AdamW, with the update formulas of <c>torch.optim.AdamW</c> (without amsgrad): weight decay decoupled from the
/// gradient, <c>p = p · (1 - lr · weightDecay)</c>, then Adam's update with the plain gradient:
/// <c>m = β1·m + (1 - β1)·g</c>, <c>v = β2·v + (1 - β2)·g²</c>, <c>p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)</c>.
/// </summary>
/// <remarks>Its saved state is marked as AdamW's: an Adam state does not load into it, nor the reverse.</remarks>
public sealed class AdamW : Adam
{
    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters with PyTorch's defaults.</summary>
    /// <param name="parameterCount">The length of the parameter buffer it will update.</param>
    /// <param name="learningRate">The step size, at least 0.</param>
    /// <param name="beta1">The decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for stability, at least 0.</param>
    /// <param name="weightDecay">The decoupled weight decay, at least 0 (PyTorch's default 0.01).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A value is outside its range.</exception>
    public AdamW(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base("AdamW", decoupledWeightDecay: true, parameterCount, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }
}
