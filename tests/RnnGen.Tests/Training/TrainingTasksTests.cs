using System;
using System.Linq;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

public sealed class TrainingTasksTests
{
    [Fact]
    public void EveryTaskIsDeterministicPerSeed()
    {
        Assert.Equal(Flatten(TrainingTasks.NoisySine(5, seed: 1)), Flatten(TrainingTasks.NoisySine(5, seed: 1)));
        Assert.NotEqual(Flatten(TrainingTasks.NoisySine(5, seed: 1)), Flatten(TrainingTasks.NoisySine(5, seed: 2)));
        Assert.Equal(Flatten(TrainingTasks.AddingProblem(5, seed: 1)), Flatten(TrainingTasks.AddingProblem(5, seed: 1)));
        Assert.Equal(Flatten(TrainingTasks.Waveforms(5, seed: 1)), Flatten(TrainingTasks.Waveforms(5, seed: 1)));
    }

    [Fact]
    public void TheNoisySinesTargetIsTheNextInput()
    {
        SequenceDataset<float> data = TrainingTasks.NoisySine(3, seed: 3, length: 40);

        Assert.All(data, sample =>
        {
            Assert.Equal(40, sample.Length);
            Assert.Equal(sample.Inputs.Span[1..].ToArray(), sample.Targets.Span[..^1].ToArray());
        });
    }

    [Fact]
    public void TheAddingProblemMarksOneValueInEachHalfAndAsksForTheirSum()
    {
        SequenceDataset<float> data = TrainingTasks.AddingProblem(2000, seed: 4);

        Assert.Equal(SequenceTargets.LastStep, data.Targets);
        Assert.All(data, sample =>
        {
            Assert.Equal(50, sample.Length);
            float[] inputs = sample.Inputs.ToArray();
            int[] marked = Enumerable.Range(0, 50).Where(t => inputs[(2 * t) + 1] == 1f).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.True(marked[0] < 25 && marked[1] >= 25);
            Assert.Equal(inputs[2 * marked[0]] + inputs[2 * marked[1]], sample.Targets.Span[0]);
        });

        // The baseline: always answering 1 scores about 1/6.
        double constantAnswerError = data.Average(sample => Math.Pow(sample.Targets.Span[0] - 1, 2));
        Assert.Equal(1.0 / 6, constantAnswerError, 0.01);
    }

    [Fact]
    public void TheWaveformsTakeTurnsAmongThreeClassesWithVaryingLengths()
    {
        SequenceDataset<int> data = TrainingTasks.Waveforms(300, seed: 5, minLength: 30, maxLength: 60);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => i % TrainingTasks.WaveformClasses), data.Select(sample => sample.Targets.Span[0]));
        Assert.All(data, sample => Assert.InRange(sample.Length, 30, 60));
        Assert.True(data.Select(sample => sample.Length).Distinct().Count() > 10);
        Assert.Equal(60, data.MaxLength);
    }

    private static float[] Flatten<TTarget>(SequenceDataset<TTarget> data)
        where TTarget : unmanaged =>
        data.SelectMany(sample => sample.Inputs.ToArray().Concat(sample.Targets.ToArray().Select(t => Convert.ToSingle(t)))).ToArray();
}
