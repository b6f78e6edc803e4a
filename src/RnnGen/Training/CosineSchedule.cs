using System;

namespace RnnGen.Training;

/// <summary>
/// Cosine annealing over epochs, the closed form of <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>:
/// <c>minimumRate + (initialRate - minimumRate) · (1 + cos(π · epoch / epochs)) / 2</c>, which stays at the
/// minimum after <c>epochs</c> (where PyTorch's would rise again).
/// </summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>A schedule that falls from <paramref name="initialRate"/> to <paramref name="minimumRate"/> over <paramref name="epochs"/> epochs.</summary>
    /// <param name="initialRate">The rate of the first epoch, at least 0.</param>
    /// <param name="epochs">The epochs the fall lasts, at least 1 (CosineAnnealingLR's <c>T_max</c>).</param>
    /// <param name="minimumRate">The rate at the end, 0 to <paramref name="initialRate"/> (CosineAnnealingLR's <c>eta_min</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public CosineSchedule(double initialRate, int epochs, double minimumRate = 0)
    {
        OptimizerState.CheckHyperparameter(initialRate, nameof(initialRate), 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (!(minimumRate >= 0 && minimumRate <= initialRate))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate, $"The minimum rate must be 0 to the initial rate {initialRate}.");
        }

        InitialRate = initialRate;
        Epochs = epochs;
        MinimumRate = minimumRate;
    }

    /// <summary>The rate of the first epoch.</summary>
    public double InitialRate { get; }

    /// <summary>The epochs the fall lasts.</summary>
    public int Epochs { get; }

    /// <summary>The rate at the end and after.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        double progress = Math.Min(epoch, Epochs) / (double)Epochs;
        return MinimumRate + ((InitialRate - MinimumRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
