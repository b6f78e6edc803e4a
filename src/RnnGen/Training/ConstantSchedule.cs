using System;

namespace RnnGen.Training;

/// <summary>The same learning rate throughout.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>A schedule that always gives <paramref name="rate"/>.</summary>
    /// <param name="rate">The learning rate, at least 0.</param>
    public ConstantSchedule(double rate)
    {
        OptimizerState.CheckHyperparameter(rate, nameof(rate), 0);
        Rate = rate;
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, long step) => Rate;
}
