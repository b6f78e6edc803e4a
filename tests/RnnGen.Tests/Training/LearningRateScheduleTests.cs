using System;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void TheConstantScheduleNeverChanges()
    {
        var schedule = new ConstantSchedule(0.01);
        Assert.Equal(0.01, schedule.LearningRate(0, 0));
        Assert.Equal(0.01, schedule.LearningRate(100, 123_456));
    }

    [Fact]
    public void StepDecayMultipliesByTheFactorEveryFewEpochsAsStepLR()
    {
        var schedule = new StepDecaySchedule(0.1, epochsPerDecay: 2, factor: 0.5);
        double[] expected = [0.1, 0.1, 0.05, 0.05, 0.025];
        for (int epoch = 0; epoch < expected.Length; epoch++)
        {
            Assert.Equal(expected[epoch], schedule.LearningRate(epoch, step: 1000), 1e-15);
        }
    }

    [Fact]
    public void CosineFallsFromTheInitialToTheMinimumRateAndStaysThere()
    {
        var schedule = new CosineSchedule(0.1, epochs: 10, minimumRate: 0.01);

        Assert.Equal(0.1, schedule.LearningRate(0, 0), 1e-15);
        Assert.Equal(0.055, schedule.LearningRate(5, 0), 1e-15);
        Assert.Equal(0.01 + (0.09 * (1 + Math.Cos(Math.PI * 0.3)) / 2), schedule.LearningRate(3, 0), 1e-15);
        Assert.Equal(0.01, schedule.LearningRate(10, 0), 1e-15);
        Assert.Equal(0.01, schedule.LearningRate(25, 0), 1e-15);
    }

    [Fact]
    public void SchedulesRefuseMeaninglessSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(0.1, epochsPerDecay: 0, factor: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, epochs: 10, minimumRate: 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(double.NaN));
    }
}
