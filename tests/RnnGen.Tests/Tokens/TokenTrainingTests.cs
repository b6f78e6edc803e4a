using System;
using System.Linq;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Tokens;

/// <summary>Token networks trained end to end by the trainer from a token data set learn tasks only their embedding and memory can solve.</summary>
[Trait("Category", "Training")]
public sealed class TokenTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void GruOnTokenIdsLearnsToRecallTheFirstToken()
    {
        // Chance is 1 in 6; the answer lies 3 to 8 steps back among tokens of the same vocabulary.
        var (training, validation) = FirstTokenTask(sequences: 1200, seed: 1).Split(0.25, seed: 2);
        var network = new FirstTokenGru();
        network.InitializeParameters(seed: 3);
        var trainer = new Trainer<int>(network, new Adam(FirstTokenGru.ParameterCount, learningRate: 1e-2), SoftmaxCrossEntropy.LastStep, new TrainerOptions { Epochs = 15, BatchSize = 32, Seed = 4 }, new ClassificationAccuracy(SequenceTargets.LastStep));
        var initialTable = new float[FirstTokenGru.VocabularySize * FirstTokenGru.InputSize];
        network.GetParameter("embedding.weight", initialTable);

        TrainingResult result = trainer.Fit(training, validation);

        output.WriteLine(result.ToString());
        Assert.True(result.FinalValidationMetric > 0.95, $"held-out accuracy {result.FinalValidationMetric}");
        var trainedTable = new float[initialTable.Length];
        network.GetParameter("embedding.weight", trainedTable);
        Assert.NotEqual(initialTable, trainedTable);

        // The trained network answers the same through Forward on ids with the last step's output only.
        var sample = validation[0];
        var logits = new float[FirstTokenGru.OutputSize];
        FirstTokenGru.State state = default;
        network.Forward(sample.Tokens.Span, ref state, logits, SequenceOutputs.LastStep);
        Assert.Equal(sample.Targets.Span[0], Array.IndexOf(logits, MaxOf(logits)));
    }

    [Fact]
    public void BidirectionalGruOnTokenIdsLearnsToNameTheNextToken()
    {
        // Each step's answer is the id one step ahead (or, at the last step, the end). Each id is drawn independently
        // of those before it, so a forward direction alone could only guess: the reverse direction has read it.
        var (training, validation) = NextTokenTask(sequences: 600, seed: 5).Split(0.25, seed: 6);
        var network = new NextTokenBiGru();
        network.InitializeParameters(seed: 7);
        var trainer = new Trainer<int>(network, new Adam(NextTokenBiGru.ParameterCount, learningRate: 2e-2), SoftmaxCrossEntropy.EveryStep, new TrainerOptions { Epochs = 10, BatchSize = 32, Seed = 8 }, ClassificationAccuracy.EveryStep);

        TrainingResult result = trainer.Fit(training, validation);

        output.WriteLine(result.ToString());
        Assert.True(result.FinalValidationMetric > 0.95, $"held-out accuracy {result.FinalValidationMetric}");

        // The trained network answers the same through Forward on ids.
        var sample = validation[0];
        var logits = new float[sample.Length * NextTokenBiGru.OutputSize];
        network.Forward(sample.Tokens.Span, logits);
        for (int step = 0; step < sample.Length; step++)
        {
            float[] stepLogits = logits.AsSpan(step * NextTokenBiGru.OutputSize, NextTokenBiGru.OutputSize).ToArray();
            Assert.Equal(sample.Targets.Span[step], Array.IndexOf(stepLogits, MaxOf(stepLogits)));
        }
    }

    private static SequenceDataset<int> NextTokenTask(int sequences, int seed)
    {
        const int End = NextTokenBiGru.OutputSize - 1;
        var random = new Random(seed);
        var data = SequenceDataset<int>.ForTokens(NextTokenBiGru.VocabularySize, targetSize: 1, SequenceTargets.EveryStep);
        for (int i = 0; i < sequences; i++)
        {
            var tokens = new int[random.Next(4, 10)];
            for (int step = 0; step < tokens.Length; step++)
            {
                tokens[step] = random.Next(NextTokenBiGru.VocabularySize);
            }

            data.AddTokens(tokens, [.. tokens.Skip(1), End]);
        }

        return data;
    }

    private static SequenceDataset<int> FirstTokenTask(int sequences, int seed)
    {
        var random = new Random(seed);
        var data = SequenceDataset<int>.ForTokens(FirstTokenGru.VocabularySize, targetSize: 1, SequenceTargets.LastStep);
        for (int i = 0; i < sequences; i++)
        {
            var tokens = new int[random.Next(4, 10)];
            for (int step = 0; step < tokens.Length; step++)
            {
                tokens[step] = random.Next(FirstTokenGru.VocabularySize);
            }

            data.AddTokens(tokens, [tokens[0]]);
        }

        return data;
    }

    private static float MaxOf(float[] values)
    {
        float max = float.NegativeInfinity;
        foreach (float value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
