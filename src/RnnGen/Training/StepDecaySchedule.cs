using System;

namespace RnnGen.Training;

/// <summary>
/// The learning rate multiplied by a factor every few epochs, as <c>torch.optim.lr_scheduler.StepLR</c>:
/// <c>initialRate · factor^⌊epoch / epochsPerDecay⌋</c>.
/// </summary>
public sealed class StepDecaySchedule : ILearningRateSchedule
{
    /// <summary>A schedule that starts at <paramref name="initialRate"/> and decays every <paramref name="epochsPerDecay"/> epochs.</summary>
    /// <param name="initialRate">The rate of the first epochs, at least 0.</param>
    /// <param name="epochsPerDecay">How many epochs each rate lasts, at least 1 (StepLR's <c>step_size</c>).</param>
    /// <param name="factor">The multiplier at every decay, at least 0 (StepLR's <c>gamma</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public StepDecaySchedule(double initialRate, int epochsPerDecay, double factor)
    {
        OptimizerState.CheckHyperparameter(initialRate, nameof(initialRate), 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochsPerDecay, 1);
        OptimizerState.CheckHyperparameter(factor, nameof(factor), 0);
        InitialRate = initialRate;
        EpochsPerDecay = epochsPerDecay;
        Factor = factor;
    }

    /// <summary>The rate of the first epochs.</summary>
    public double InitialRate { get; }

    /// <summary>How many epochs each rate lasts.</summary>
    public int EpochsPerDecay { get; }

    /// <summary>The multiplier at every decay.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return InitialRate * Math.Pow(Factor, epoch / EpochsPerDecay);
    }
}
