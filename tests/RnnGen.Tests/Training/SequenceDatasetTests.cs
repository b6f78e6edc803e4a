using System;
using System.Linq;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

public sealed class SequenceDatasetTests
{
    [Fact]
    public void SamplesAreCopiedInAndTheirShapesChecked()
    {
        var data = new SequenceDataset<float>(inputSize: 2, targetSize: 1, SequenceTargets.EveryStep);
        float[] inputs = [1, 2, 3, 4, 5, 6];
        data.Add(inputs, [7f, 8f, 9f]);
        inputs[0] = 100;

        Assert.Equal(3, data[0].Length);
        Assert.Equal(1f, data[0].Inputs.Span[0]);
        Assert.Equal(3, data.MaxLength);
        Assert.Equal(3, data.TotalSteps);
        Assert.Throws<ArgumentException>(() => data.Add([1f, 2f, 3f], [1f]));
        Assert.Throws<ArgumentException>(() => data.Add([1f, 2f], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => data.Add([], []));
    }

    [Fact]
    public void ManyToOneSamplesHaveOneTargetPerSequence()
    {
        var data = new SequenceDataset<int>(inputSize: 1, targetSize: 1, SequenceTargets.LastStep);
        data.Add([0.5f, 0.25f, 0.125f], [2]);

        Assert.Equal([2], data[0].Targets.ToArray());
        Assert.Throws<ArgumentException>(() => data.Add([0.5f, 0.25f], [1, 1]));
    }

    [Fact]
    public void SplittingIsSeededDisjointCompleteAndKeepsTheOrder()
    {
        var data = new SequenceDataset<int>(inputSize: 1, targetSize: 1, SequenceTargets.LastStep);
        for (int i = 0; i < 20; i++)
        {
            data.Add([i], [i]);
        }

        (SequenceDataset<int> training, SequenceDataset<int> validation) = data.Split(0.25, seed: 1);
        (SequenceDataset<int> again, _) = data.Split(0.25, seed: 1);
        (SequenceDataset<int> other, _) = data.Split(0.25, seed: 2);

        int[] Ids(SequenceDataset<int> set) => set.Select(sample => sample.Targets.Span[0]).ToArray();
        Assert.Equal(15, training.Count);
        Assert.Equal(5, validation.Count);
        Assert.Equal(Enumerable.Range(0, 20), Ids(training).Concat(Ids(validation)).Order());
        Assert.Equal(Ids(training).Order(), Ids(training));
        Assert.Equal(Ids(training), Ids(again));
        Assert.NotEqual(Ids(training), Ids(other));
    }

    [Fact]
    public void EverySplitKeepsAtLeastOneSequenceOnEachSide()
    {
        var data = new SequenceDataset<float>(inputSize: 1, targetSize: 1, SequenceTargets.LastStep);
        data.Add([1f], [1f]);
        Assert.Throws<InvalidOperationException>(() => data.Split(0.5, seed: 0));

        data.Add([2f], [2f]);
        data.Add([3f], [3f]);
        Assert.Single(data.Split(0.01, seed: 0).Validation);
        Assert.Single(data.Split(0.99, seed: 0).Training);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1, seed: 0));
    }
}
