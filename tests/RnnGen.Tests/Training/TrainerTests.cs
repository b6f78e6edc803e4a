using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using RnnGen.Training;
using static RnnGen.Tests.Training.TrainerFixtures;

namespace RnnGen.Tests.Training;

[Trait("Category", "Numeric")]
public sealed class TrainerTests
{
    private readonly SequenceDataset<float> _training;
    private readonly SequenceDataset<float> _validation;

    public TrainerTests() => (_training, _validation) = Regression(60, seed: 11).Split(0.25, seed: 12);

    [Fact]
    public void TheSameSeedGivesBitIdenticalParameters()
    {
        int[] first = Train(FullOptions());
        int[] second = Train(FullOptions());
        int[] otherSeed = Train(FullOptions() with { Seed = 4 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void ResumingFromACheckpointEndsBitIdenticalToAnUninterruptedRun(int? truncation)
    {
        using var directory = new TemporaryDirectory();
        string straightPath = directory.File("straight.ckpt");
        string resumedPath = directory.File("resumed.ckpt");

        TinyRecurrentNetwork straight = Network();
        var straightOptimizer = new Adam(straight.ParameterCount);
        TrainingResult straightResult = new Trainer<float>(straight, straightOptimizer, MeanSquaredError.EveryStep, FullOptions(8, straightPath, truncation))
            .Fit(_training, _validation);

        // Stop in the middle of epoch 4, after the checkpoint of epoch 3.
        TinyRecurrentNetwork interrupted = Network();
        using var cancellation = new CancellationTokenSource();
        var stopper = new RecordingProgress(report =>
        {
            if (report is { Epoch: 4, Batch: 2 })
            {
                cancellation.Cancel();
            }
        });
        var interruptedTrainer = new Trainer<float>(interrupted, new Adam(interrupted.ParameterCount), MeanSquaredError.EveryStep, FullOptions(8, resumedPath, truncation));
        Assert.Throws<OperationCanceledException>(() => interruptedTrainer.Fit(_training, _validation, stopper, cancellation.Token));
        Assert.Equal(3, interruptedTrainer.CompletedEpochs);

        // A new process: other initial parameters and a fresh optimizer, all replaced by the checkpoint.
        TinyRecurrentNetwork resumed = Network(seed: 999);
        var resumedOptimizer = new Adam(resumed.ParameterCount);
        var resumedTrainer = new Trainer<float>(resumed, resumedOptimizer, MeanSquaredError.EveryStep, FullOptions(8, resumedPath, truncation));
        resumedTrainer.LoadCheckpoint(resumedPath);
        TrainingResult resumedResult = resumedTrainer.Fit(_training, _validation);

        Assert.Equal(Bits(straight.ParameterValues), Bits(resumed.ParameterValues));
        Assert.Equal(OptimizerState(straightOptimizer), OptimizerState(resumedOptimizer));
        Assert.Equal(File.ReadAllBytes(straightPath), File.ReadAllBytes(resumedPath));
        Assert.Equal(straightResult with { Elapsed = default }, resumedResult with { Elapsed = default });
    }

    [Fact]
    public void ACancelledTokenStopsBeforeTheFirstBatchAndChangesNothing()
    {
        TinyRecurrentNetwork network = Network();
        int[] before = Bits(network.ParameterValues);
        var progress = new RecordingProgress();
        var trainer = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, FullOptions());

        Assert.Throws<OperationCanceledException>(() => trainer.Fit(_training, _validation, progress, new CancellationToken(canceled: true)));

        Assert.Empty(progress.Reports);
        Assert.Equal(before, Bits(network.ParameterValues));
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void CancellationDuringAnEpochStopsBeforeTheNextBatch()
    {
        TinyRecurrentNetwork network = Network();
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(report =>
        {
            if (report.Batch == 3)
            {
                cancellation.Cancel();
            }
        });
        var trainer = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, FullOptions());

        Assert.Throws<OperationCanceledException>(() => trainer.Fit(_training, _validation, progress, cancellation.Token));

        Assert.Equal(3, progress.Reports.Count);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void EarlyStoppingEndsAfterThePatienceAndRestoresTheBestEpochsParameters()
    {
        // A validation set that contradicts the training set gets worse as training succeeds.
        SequenceDataset<float> contrary = Regression(20, seed: 13, targetSign: -1);
        TinyRecurrentNetwork network = Network();
        var parametersAfterEpoch = new List<int[]>();
        var progress = new RecordingProgress(report =>
        {
            if (report.IsEpochEnd)
            {
                parametersAfterEpoch.Add(Bits(network.ParameterValues));
            }
        });
        var options = FullOptions(epochs: 40) with { EarlyStoppingPatience = 2 };

        TrainingResult result = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, contrary, progress);

        double[] validationLosses = progress.Reports.Where(r => r.IsEpochEnd).Select(r => r.ValidationLoss!.Value).ToArray();
        int best = Array.IndexOf(validationLosses, validationLosses.Min()) + 1;
        Assert.True(result.StoppedEarly);
        Assert.Equal(best, result.BestEpoch);
        Assert.Equal(best + 2, result.CompletedEpochs);
        Assert.True(result.RestoredBestParameters);
        Assert.Equal(parametersAfterEpoch[best - 1], Bits(network.ParameterValues));
    }

    [Fact]
    public void WithoutRestoringTheNetworkKeepsTheLastEpochsParameters()
    {
        SequenceDataset<float> contrary = Regression(20, seed: 13, targetSign: -1);
        TinyRecurrentNetwork network = Network();
        int[] last = [];
        var progress = new RecordingProgress(report => last = report.IsEpochEnd ? Bits(network.ParameterValues) : last);
        var options = FullOptions(epochs: 40) with { EarlyStoppingPatience = 2, RestoreBestParameters = false };

        TrainingResult result = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, contrary, progress);

        Assert.False(result.RestoredBestParameters);
        Assert.Equal(last, Bits(network.ParameterValues));
    }

    [Fact]
    public void TruncatedBackpropagationCarriesTheStateAcrossWindowsAndResetsItBetweenBatches()
    {
        var data = new SequenceDataset<float>(InputSize, 1, SequenceTargets.EveryStep);
        data.Add(new float[7 * InputSize], new float[7]);
        data.Add(Enumerable.Repeat(0.5f, 10 * InputSize).ToArray(), new float[10]);
        TinyRecurrentNetwork network = Network();
        network.RecordedPasses = [];
        var optimizer = new Sgd(network.ParameterCount, 0.1);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 2, Shuffle = false, TruncationLength = 4 };

        new Trainer<float>(network, optimizer, MeanSquaredError.EveryStep, options).Fit(data);

        // Longest first: windows [0, 4) of both, [4, 8) of both (the shorter ends at 7), [8, 10) of the longer.
        List<RecordedPass> passes = network.RecordedPasses;
        Assert.Equal(6, passes.Count);
        Assert.Equal(6, optimizer.StepCount);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            RecordedPass[] windows = passes.Skip(3 * epoch).Take(3).ToArray();
            Assert.Equal([[4, 4], [4, 3], [2]], windows.Select(w => w.Lengths));
            Assert.All(windows[0].InitialStates, value => Assert.Equal(0f, value));
            Assert.Equal(windows[0].FinalStates, windows[1].InitialStates);
            Assert.Equal(windows[1].FinalStates.AsSpan(0, HiddenSize).ToArray(), windows[2].InitialStates);
        }
    }

    [Fact]
    public void ATruncationLongerThanEverySequenceChangesNothing()
    {
        int[] whole = Train(FullOptions());
        int[] truncated = Train(FullOptions() with { TruncationLength = _training.MaxLength });

        Assert.Equal(whole, truncated);
    }

    [Fact]
    public void ProgressIsReportedAfterEveryBatchAndWithValidationAfterEveryEpoch()
    {
        TinyRecurrentNetwork network = Network();
        var progress = new RecordingProgress();
        var options = FullOptions(epochs: 3) with { EarlyStoppingPatience = null };

        new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, _validation, progress);

        int batches = (_training.Count + options.BatchSize - 1) / options.BatchSize;
        Assert.Equal(3 * (batches + 1), progress.Reports.Count);
        Assert.All(progress.Reports, r => Assert.Equal(batches, r.BatchesPerEpoch));
        TrainingProgress[] ends = progress.Reports.Where(r => r.IsEpochEnd).ToArray();
        Assert.Equal([1, 2, 3], ends.Select(r => r.Epoch));
        Assert.All(ends, r => Assert.True(r.ValidationLoss > 0));
        Assert.All(progress.Reports.Where(r => !r.IsEpochEnd), r => Assert.Null(r.ValidationLoss));
        Assert.Equal(Enumerable.Range(1, batches), progress.Reports.Take(batches).Select(r => r.Batch));
        Assert.Equal(options.LearningRateSchedule!.LearningRate(2, 0), ends[2].LearningRate);
    }

    [Fact]
    public void BatchesAllocateNothingAfterTheFirstEpochs()
    {
        var options = FullOptions(epochs: 8, truncation: 5) with { EarlyStoppingPatience = null };

        // The runtime can allocate once per process on whichever thread first needs something (a type's statics when
        // the JIT tiers a method up, for instance); in one CI run of many that put 6.9 KB into epochs 3-8. A first run
        // takes those, so the measured run shows the trainer's own allocations.
        TinyRecurrentNetwork warmUp = Network();
        new Trainer<float>(warmUp, new Adam(warmUp.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, _validation);

        TinyRecurrentNetwork network = Network();
        var meter = new AllocationMeter();
        var trainer = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options);

        trainer.Fit(_training, _validation, meter);

        Assert.Equal(meter.AllocatedAfterEpoch[2], meter.AllocatedAfterEpoch[8]);
    }

    [Fact]
    public void TrainingLearnsAPerStepRegression()
    {
        TinyRecurrentNetwork network = Network();
        var progress = new RecordingProgress();
        var options = new TrainerOptions { Epochs = 60, BatchSize = 8, Seed = 1 };

        TrainingResult result = new Trainer<float>(network, new Adam(network.ParameterCount, learningRate: 0.02), MeanSquaredError.EveryStep, options)
            .Fit(_training, _validation, progress);

        double firstValidation = progress.Reports.First(r => r.IsEpochEnd).ValidationLoss!.Value;
        Assert.True(result.BestValidationLoss < 0.005, $"validation MSE {result.BestValidationLoss} (first epoch {firstValidation})");
    }

    [Fact]
    public void TrainingLearnsAManyToOneClassification()
    {
        (SequenceDataset<int> training, SequenceDataset<int> validation) = SignOfSum(300, seed: 21).Split(0.2, seed: 22);
        TinyRecurrentNetwork network = Network(outputSize: 2);
        var options = new TrainerOptions { Epochs = 40, BatchSize = 16, Seed = 2 };

        TrainingResult result = new Trainer<int>(network, new Adam(network.ParameterCount, learningRate: 0.02), SoftmaxCrossEntropy.LastStep, options, ClassificationAccuracy.LastStep)
            .Fit(training, validation);

        Assert.True(result.BestValidationMetric > 0.9, $"validation accuracy {result.BestValidationMetric}");
    }

    [Fact]
    public void SettingsThatCannotWorkAreRefusedUpFront()
    {
        TinyRecurrentNetwork network = Network();
        var adam = new Adam(network.ParameterCount);
        var trainer = new Trainer<float>(network, adam, MeanSquaredError.EveryStep, FullOptions());

        Assert.Throws<ArgumentException>(() => trainer.Fit(_training));
        var otherInputs = new SequenceDataset<float>(InputSize + 1, 1, SequenceTargets.EveryStep);
        otherInputs.Add(new float[InputSize + 1], [0f]);
        Assert.Throws<ArgumentException>(() => trainer.Fit(otherInputs, _validation));
        Assert.Throws<ArgumentException>(() => trainer.Fit(new SequenceDataset<float>(InputSize, 1, SequenceTargets.EveryStep), _validation));
        Assert.Throws<ArgumentException>(() => new Trainer<float>(network, new Adam(3), MeanSquaredError.EveryStep));
        Assert.Throws<ArgumentException>(() => new Trainer<float>(network, adam, MeanSquaredError.LastStep, new TrainerOptions { TruncationLength = 4 }));
        Assert.Throws<ArgumentException>(() => new Trainer<int>(network, adam, SoftmaxCrossEntropy.LastStep, null, ClassificationAccuracy.EveryStep));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<float>(network, adam, MeanSquaredError.EveryStep, new TrainerOptions { BatchSize = 0 }));
    }

    [Fact]
    public void TruncatedBackpropagationIsRefusedForABidirectionalNetwork()
    {
        var network = new NextValueBidirectionalGru();

        var exception = Assert.Throws<ArgumentException>(() => new Trainer<float>(network, new Adam(NextValueBidirectionalGru.ParameterCount), MeanSquaredError.EveryStep, new TrainerOptions { TruncationLength = 4 }));

        Assert.Contains("bidirectional", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TruncationLength", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResumedTrainerRefusesDataOfAnotherSize()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("run.ckpt");
        TinyRecurrentNetwork network = Network();
        var options = FullOptions(epochs: 2, path) with { EarlyStoppingPatience = null };
        new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, _validation);

        var resumed = new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options with { Epochs = 4 });
        resumed.LoadCheckpoint(path);

        Assert.Throws<InvalidOperationException>(() => resumed.Fit(_validation, _training));
    }

    private int[] Train(TrainerOptions options)
    {
        TinyRecurrentNetwork network = Network();
        new Trainer<float>(network, new Adam(network.ParameterCount), MeanSquaredError.EveryStep, options).Fit(_training, _validation);
        return Bits(network.ParameterValues);
    }

    /// <summary>Reads the thread's allocation counter at every epoch's end, without allocating itself.</summary>
    private sealed class AllocationMeter : IProgress<TrainingProgress>
    {
        public long[] AllocatedAfterEpoch { get; } = new long[16];

        public void Report(TrainingProgress value)
        {
            if (value.IsEpochEnd)
            {
                AllocatedAfterEpoch[value.Epoch] = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }
}
