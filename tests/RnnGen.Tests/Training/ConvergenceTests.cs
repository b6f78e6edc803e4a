using System;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Training;

/// <summary>
/// Generated networks, trained by the trainer with fixed seeds, learn the tasks the issue names to the
/// accuracy it names. These are the end-to-end proof that forward, backward, losses and optimizers fit.
/// </summary>
[Trait("Category", "Training")]
public sealed class ConvergenceTests(ITestOutputHelper output)
{
    [Fact]
    public void LstmPredictsTheNextValueOfANoisySine()
    {
        var (training, validation) = TrainingTasks.NoisySine(sequences: 200, seed: 1).Split(0.2, seed: 2);
        var network = new SineLstm();
        network.InitializeParameters(seed: 3);
        var trainer = new Trainer<float>(network, new Adam(SineLstm.ParameterCount, learningRate: 1e-2), MeanSquaredError.EveryStep, new TrainerOptions { Epochs = 100, BatchSize = 16, Seed = 4 });

        TrainingResult result = trainer.Fit(training, validation);

        output.WriteLine(result.ToString());
        Assert.True(result.FinalValidationLoss < 1e-3, $"validation MSE {result.FinalValidationLoss}");
    }

    [Fact]
    public void LstmSolvesTheAddingProblem() => SolveAddingProblem(new AddingLstm());

    [Fact]
    public void GruSolvesTheAddingProblem() => SolveAddingProblem(new AddingGru());

    [Fact]
    public void GruClassifiesNoisyWaveforms()
    {
        var (training, validation) = TrainingTasks.Waveforms(sequences: 600, seed: 5).Split(0.25, seed: 6);
        var network = new WaveformGru();
        network.InitializeParameters(seed: 7);
        var trainer = new Trainer<int>(network, new Adam(WaveformGru.ParameterCount, learningRate: 1e-2), SoftmaxCrossEntropy.LastStep, new TrainerOptions { Epochs = 20, BatchSize = 32, Seed = 8 }, new ClassificationAccuracy(SequenceTargets.LastStep));

        TrainingResult result = trainer.Fit(training, validation);

        output.WriteLine(result.ToString());
        Assert.True(result.FinalValidationMetric > 0.95, $"held-out accuracy {result.FinalValidationMetric}");
    }

    [Fact]
    public void BidirectionalGruPredictsTheNextValueWhichACausalGruCannot()
    {
        // Variable lengths: the reverse direction of each sequence must start at its own last step for the targets to fit.
        var (training, validation) = TrainingTasks.NextValue(sequences: 600, seed: 13).Split(0.2, seed: 14);
        TrainingResult Fit(ITrainableNetwork network)
        {
            network.InitializeParameters(seed: 15);
            var trainer = new Trainer<float>(network, new Adam(network.ParameterCount, learningRate: 1e-2), MeanSquaredError.EveryStep, new TrainerOptions { Epochs = 15, BatchSize = 16, Seed = 16 });
            TrainingResult result = trainer.Fit(training, validation);
            output.WriteLine($"{network.GetType().Name}: {result}");
            return result;
        }

        TrainingResult bidirectional = Fit(new NextValueBidirectionalGru());
        TrainingResult causal = Fit(new NextValueGru());

        // The next value's variance is about 1/3 (a little less with the zero targets at the ends).
        Assert.True(causal.FinalValidationLoss > 0.2, $"causal validation MSE {causal.FinalValidationLoss}");
        Assert.True(bidirectional.FinalValidationLoss < 0.01, $"bidirectional validation MSE {bidirectional.FinalValidationLoss}");
    }

    [Fact]
    public void BidirectionalGruTrainedOnLastStepTargetsClassifiesFromItsFinalStates()
    {
        // A last-step loss trains the output taken where each direction ends, which is what Forward(..., LastStep)
        // returns after training: the reverse direction's final state has just read the deciding first value.
        var (training, validation) = TrainingTasks.FirstSign(sequences: 500, seed: 17).Split(0.2, seed: 18);
        var network = new FirstSignBidirectionalGru();
        network.InitializeParameters(seed: 19);
        var trainer = new Trainer<int>(network, new Adam(FirstSignBidirectionalGru.ParameterCount, learningRate: 1e-2), SoftmaxCrossEntropy.LastStep, new TrainerOptions { Epochs = 10, BatchSize = 16, Seed = 20 }, new ClassificationAccuracy(SequenceTargets.LastStep));

        TrainingResult result = trainer.Fit(training, validation);

        int correct = 0;
        var logits = new float[FirstSignBidirectionalGru.OutputSize];
        foreach (SequenceSample<int> sample in validation)
        {
            network.Forward(sample.Inputs.Span, logits, SequenceOutputs.LastStep);
            correct += (logits[1] > logits[0] ? 1 : 0) == sample.Targets.Span[0] ? 1 : 0;
        }

        double accuracy = correct / (double)validation.Count;
        output.WriteLine($"{result}; Forward(LastStep) accuracy {accuracy:P1}");
        Assert.True(result.FinalValidationMetric > 0.95, $"held-out accuracy {result.FinalValidationMetric}");
        Assert.Equal(result.FinalValidationMetric!.Value, accuracy, 6);
    }

    private void SolveAddingProblem(ITrainableNetwork network)
    {
        // Always answering 1.0 (the mean of the sum of two uniform values) scores an MSE of about 0.167.
        var (training, validation) = TrainingTasks.AddingProblem(sequences: 4000, seed: 9).Split(0.1, seed: 10);
        network.InitializeParameters(seed: 11);
        var trainer = new Trainer<float>(network, new Adam(network.ParameterCount, learningRate: 1e-2), MeanSquaredError.LastStep, new TrainerOptions { Epochs = 12, BatchSize = 32, Seed = 12, MaxGradientNorm = 1f });

        TrainingResult result = trainer.Fit(training, validation);

        output.WriteLine(result.ToString());
        Assert.True(result.FinalValidationLoss < 0.01, $"validation MSE {result.FinalValidationLoss}");
    }
}
