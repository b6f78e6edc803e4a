using System;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Dropout.Models;
using RnnGen.Training;

namespace RnnGen.Tests.Dropout;

/// <summary>The trainer drops units in training passes only, with masks from its seed: runs repeat exactly, and validation sees the whole network.</summary>
[Trait("Category", "Training")]
public sealed class DropoutTrainingTests
{
    [Fact]
    public void FitsWithTheSameSeedEndIdenticalAndAnotherSeedDropsOtherUnits()
    {
        float[] first = Fit(seed: 1);

        Assert.Equal(first, Fit(seed: 1));
        // Without shuffling, the seed reaches the run only through the dropout masks.
        Assert.NotEqual(first, Fit(seed: 2));
    }

    [Fact]
    public void ARunResumedFromACheckpointDrawsTheMasksItWouldHaveDrawn()
    {
        float[] uninterrupted = Fit(seed: 3, epochs: 2);

        using var directory = new Training.TemporaryDirectory();
        string path = directory.File("dropout.ckpt");
        Fit(seed: 3, epochs: 1, checkpointPath: path);
        float[] resumed = Fit(seed: 3, epochs: 2, checkpointPath: path, resume: true);

        Assert.Equal(uninterrupted, resumed);
    }

    [Fact]
    public void ValidationLossIsTheWholeNetworksLoss()
    {
        SequenceDataset<float> validation = Data(sequences: 12, seed: 3);
        var network = new DropoutGru();
        network.InitializeParameters(seed: 4);
        var trainer = new Trainer<float>(network, new Adam(DropoutGru.ParameterCount, learningRate: 1e-2), MeanSquaredError.EveryStep, new TrainerOptions { Epochs = 1, Seed = 5, RestoreBestParameters = false });

        TrainingResult result = trainer.Fit(Data(sequences: 20, seed: 6), validation);

        SumAndCount whole = default;
        SumAndCount dropped = default;
        var tape = new DropoutGru.Tape(validation.MaxLength, 1) { DropoutSeed = 7 };
        foreach (SequenceSample<float> sample in validation)
        {
            var outputs = new float[sample.Length * DropoutGru.OutputSize];
            DropoutGru.State state = default;
            network.Forward(sample.Inputs.Span, ref state, outputs);
            whole += MeanSquaredError.EveryStep.Evaluate(outputs, DropoutGru.OutputSize, [sample.Length], sample.Targets.Span, default);
            network.ForwardTraining(tape, sample.Inputs.Span, [sample.Length], outputs);
            dropped += MeanSquaredError.EveryStep.Evaluate(outputs, DropoutGru.OutputSize, [sample.Length], sample.Targets.Span, default);
        }

        Assert.Equal(whole.Mean, result.FinalValidationLoss!.Value, 1e-5);
        Assert.True(Math.Abs(dropped.Mean - whole.Mean) > 1e-3, $"with dropout {dropped.Mean}, without {whole.Mean}");
    }

    private static float[] Fit(int seed, int epochs = 2, string? checkpointPath = null, bool resume = false)
    {
        var network = new DropoutLstm();
        network.InitializeParameters(seed: 8);
        var options = new TrainerOptions { Epochs = epochs, BatchSize = 4, Seed = seed, Shuffle = false, CheckpointPath = checkpointPath };
        var trainer = new Trainer<float>(network, new Adam(DropoutLstm.ParameterCount, learningRate: 1e-2), MeanSquaredError.EveryStep, options);
        if (resume)
        {
            trainer.LoadCheckpoint(checkpointPath!);
        }

        var data = new SequenceDataset<float>(DropoutLstm.InputSize, DropoutLstm.OutputSize, SequenceTargets.EveryStep);
        var random = new Random(9);
        for (int i = 0; i < 10; i++)
        {
            int length = random.Next(3, 9);
            data.Add(ModelCatalog.RandomInputs(length * DropoutLstm.InputSize, seed: 10 + i), ModelCatalog.RandomInputs(length * DropoutLstm.OutputSize, seed: 100 + i, scale: 0.5f));
        }

        trainer.Fit(data);
        return network.ParameterValues.ToArray();
    }

    private static SequenceDataset<float> Data(int sequences, int seed)
    {
        var data = new SequenceDataset<float>(DropoutGru.InputSize, DropoutGru.OutputSize, SequenceTargets.EveryStep);
        var random = new Random(seed);
        for (int i = 0; i < sequences; i++)
        {
            int length = random.Next(4, 12);
            data.Add(ModelCatalog.RandomInputs(length * DropoutGru.InputSize, seed: (seed * 1000) + i), ModelCatalog.RandomInputs(length * DropoutGru.OutputSize, seed: (seed * 1000) + 500 + i, scale: 0.5f));
        }

        return data;
    }
}
