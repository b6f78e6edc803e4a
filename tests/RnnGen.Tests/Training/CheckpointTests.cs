using System;
using System.IO;
using RnnGen.Training;
using static RnnGen.Tests.Training.TrainerFixtures;

namespace RnnGen.Tests.Training;

public sealed class CheckpointTests
{
    private readonly SequenceDataset<float> _training = Regression(24, seed: 31);

    [Fact]
    public void SavingReplacesTheFileAndLeavesNoTemporaryFileBehind()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        TinyRecurrentNetwork network = Network();
        var trainer = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, new TrainerOptions { Epochs = 1 });

        trainer.SaveCheckpoint(path);
        byte[] untrained = File.ReadAllBytes(path);
        trainer.Fit(_training);
        trainer.SaveCheckpoint(path);

        Assert.NotEqual(untrained, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void AFailedSaveLeavesThePreviousCheckpointIntact()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        TinyRecurrentNetwork network = Network();
        new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep).SaveCheckpoint(path);
        byte[] saved = File.ReadAllBytes(path);

        var failing = new Trainer<float>(network, new OptimizerFailingToSave(network.ParameterCount), MeanSquaredError.EveryStep);
        Assert.Throws<IOException>(() => failing.SaveCheckpoint(path));

        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void LoadingRestoresParametersOptimizerStateAndPosition()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        TinyRecurrentNetwork network = Network();
        var adam = new Adam(network.ParameterCount);
        var options = new TrainerOptions { Epochs = 2, CheckpointPath = path };
        new Trainer<float>(network, adam, MeanSquaredError.EveryStep, options).Fit(_training);

        TinyRecurrentNetwork other = Network(seed: 99);
        var otherAdam = new Adam(other.ParameterCount);
        var trainer = new Trainer<float>(other, otherAdam, MeanSquaredError.EveryStep, options);
        int changesBefore = other.ParametersChangedCalls;
        trainer.LoadCheckpoint(path);

        Assert.Equal(2, trainer.CompletedEpochs);
        Assert.Equal(Bits(network.ParameterValues), Bits(other.ParameterValues));
        Assert.Equal(OptimizerState(adam), OptimizerState(otherAdam));
        Assert.Equal(changesBefore + 1, other.ParametersChangedCalls);
    }

    [Fact]
    public void ACheckpointOfAnotherNetworkOrOptimizerIsRefusedAndChangesNothing()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.ckpt");
        TinyRecurrentNetwork network = Network();
        new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep).SaveCheckpoint(path);

        var wider = new TinyRecurrentNetwork(InputSize, HiddenSize + 1, 1);
        int[] widerBefore = Bits(wider.ParameterValues);
        var error = Assert.Throws<InvalidDataException>(() =>
            new Trainer<float>(wider, new Adam(wider.ParameterCount), MeanSquaredError.EveryStep).LoadCheckpoint(path));
        Assert.Contains($"→ {HiddenSize}", error.Message);
        Assert.Contains($"→ {HiddenSize + 1}", error.Message);
        Assert.Equal(widerBefore, Bits(wider.ParameterValues));

        TinyRecurrentNetwork same = Network(seed: 42);
        int[] sameBefore = Bits(same.ParameterValues);
        Assert.Throws<InvalidDataException>(() =>
            new Trainer<float>(same, new Sgd(same.ParameterCount, 0.1), MeanSquaredError.EveryStep).LoadCheckpoint(path));
        Assert.Equal(sameBefore, Bits(same.ParameterValues));
    }

    [Fact]
    public void AStackThatDiffersOnlyAboveItsFirstLayerIsRefused()
    {
        // Same parameter names, shapes and count: only layer 1's nonlinearity tells the two apart.
        using var directory = new TemporaryDirectory();
        string path = directory.File("stack.ckpt");
        var saved = new CheckpointModels.TanhStack();
        saved.InitializeParameters(seed: 1);
        new Trainer<float>(saved, new Adam(CheckpointModels.TanhStack.ParameterCount), MeanSquaredError.EveryStep).SaveCheckpoint(path);

        var other = new CheckpointModels.TanhUnderReluStack();
        Assert.Equal(CheckpointModels.TanhStack.ParameterCount, CheckpointModels.TanhUnderReluStack.ParameterCount);
        var error = Assert.Throws<InvalidDataException>(() =>
            new Trainer<float>(other, new Adam(CheckpointModels.TanhUnderReluStack.ParameterCount), MeanSquaredError.EveryStep).LoadCheckpoint(path));

        Assert.Contains("layer 1 Rnn 8 → 8 Tanh where this network has layer 1 Rnn 8 → 8 Relu", error.Message);
    }

    [Fact]
    public void ABidirectionalRunResumedFromItsCheckpointEndsAsAnUninterruptedOne()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("bidirectional.ckpt");
        var data = TrainingTasks.NextValue(sequences: 24, seed: 2);
        float[] Fit(int epochs, bool resume)
        {
            var network = new CheckpointModels.BidirectionalGru();
            network.InitializeParameters(seed: 3);
            var trainer = new Trainer<float>(network, new Adam(CheckpointModels.BidirectionalGru.ParameterCount), MeanSquaredError.EveryStep, new TrainerOptions { Epochs = epochs, CheckpointPath = path, Seed = 4 });
            if (resume)
            {
                trainer.LoadCheckpoint(path);
                Assert.Equal(1, trainer.CompletedEpochs);
            }

            trainer.Fit(data);
            return network.ParameterValues.ToArray();
        }

        float[] uninterrupted = Fit(epochs: 2, resume: false);
        Fit(epochs: 1, resume: false);
        float[] resumed = Fit(epochs: 2, resume: true);

        Assert.Equal(Bits(uninterrupted), Bits(resumed));
    }

    [Fact]
    public void ABidirectionalCheckpointIsRefusedByAForwardNetwork()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("bidirectional.ckpt");
        var bidirectional = new CheckpointModels.BidirectionalGru();
        new Trainer<float>(bidirectional, new Adam(CheckpointModels.BidirectionalGru.ParameterCount), MeanSquaredError.EveryStep).SaveCheckpoint(path);

        var forward = new CheckpointModels.ForwardGru();
        var error = Assert.Throws<InvalidDataException>(() =>
            new Trainer<float>(forward, new Adam(CheckpointModels.ForwardGru.ParameterCount), MeanSquaredError.EveryStep).LoadCheckpoint(path));

        Assert.Contains("weight_ih_l0_reverse", error.Message);
    }

    [Fact]
    public void AFileThatIsNotACheckpointIsRefused()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("notes.txt");
        File.WriteAllText(path, new string('x', 300));
        TinyRecurrentNetwork network = Network();

        Assert.Throws<InvalidDataException>(() =>
            new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep).LoadCheckpoint(path));
    }

    /// <summary>An optimizer whose state cannot be written, as when the disk fills up halfway through a checkpoint.</summary>
    private sealed class OptimizerFailingToSave(int parameterCount) : IOptimizer
    {
        public int ParameterCount => parameterCount;

        public double LearningRate { get; set; }

        public long StepCount => 0;

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
        }

        public void SaveState(BinaryWriter writer)
        {
            writer.Write("half a state");
            throw new IOException("The disk is full.");
        }

        public void LoadState(BinaryReader reader) => throw new InvalidDataException("Nothing to load.");
    }
}
