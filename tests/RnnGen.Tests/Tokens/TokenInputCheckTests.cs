using System;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Training;

namespace RnnGen.Tests.Tokens;

/// <summary>Token ids outside the vocabulary are refused with the id and where it stands, before anything runs.</summary>
public sealed class TokenInputCheckTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(TokenGru.VocabularySize)]
    public void StepRefusesAnIdOutsideTheVocabulary(int token)
    {
        var network = new TokenGru();
        TokenGru.State state = default;

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.Step(token, ref state, new float[TokenGru.OutputSize]));

        Assert.Equal("token", exception.ParamName);
        Assert.Contains($"Token id {token} is outside the vocabulary: ids are 0 to 29.", exception.Message);
    }

    [Fact]
    public void ForwardNamesThePositionOfTheBadIdAndLeavesTheStateAlone()
    {
        var network = new TokenGru();
        network.InitializeParameters(seed: 1);
        TokenGru.State state = default;
        network.Step(4, ref state, new float[TokenGru.OutputSize]);
        float[] before = state.Hidden(0).ToArray();

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward([1, 2, 3, 31, 4], ref state, new float[5 * TokenGru.OutputSize]));

        Assert.Equal("tokens", exception.ParamName);
        Assert.Contains("tokens[3] is 31, outside the vocabulary: ids are 0 to 29.", exception.Message);
        Assert.Equal(before, state.Hidden(0).ToArray());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(BiTokenGru.VocabularySize)]
    public void BidirectionalForwardNamesThePositionOfTheBadIdAndWritesNothing(int token)
    {
        var network = new BiTokenGru();
        network.InitializeParameters(seed: 1);
        var outputs = new float[5 * BiTokenGru.OutputSize];
        Array.Fill(outputs, float.NaN);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(new[] { 1, 2, 3, token, 4 }, outputs));

        Assert.Equal("tokens", exception.ParamName);
        Assert.Contains($"tokens[3] is {token}, outside the vocabulary: ids are 0 to 29.", exception.Message);
        Assert.All(outputs, value => Assert.True(float.IsNaN(value)));
    }

    [Fact]
    public void BidirectionalForwardRefusesOutputsThatDoNotMatchTheIds()
    {
        var network = new BiTokenGru();

        var exception = Assert.Throws<ArgumentException>(() => network.Forward(new[] { 1, 2, 3 }, new float[2 * BiTokenGru.OutputSize]));

        Assert.Equal("outputs", exception.ParamName);
    }

    [Fact]
    public void LastStepOutputNeedsAtLeastOneId()
    {
        var network = new TokenGru();
        TokenGru.State state = default;

        var exception = Assert.Throws<ArgumentException>(() => network.Forward(ReadOnlySpan<int>.Empty, ref state, new float[TokenGru.OutputSize], SequenceOutputs.LastStep));
        var bidirectional = Assert.Throws<ArgumentException>(() => new Models.BiTokenGru().Forward(ReadOnlySpan<int>.Empty, new float[Models.BiTokenGru.OutputSize], SequenceOutputs.LastStep));

        foreach (ArgumentException refused in new[] { exception, bidirectional })
        {
            Assert.Equal("tokens", refused.ParamName);
            Assert.Contains("at least one id", refused.Message);
        }
    }

    [Fact]
    public void ForwardTrainingNamesTheSequenceAndStepOfTheBadId()
    {
        var network = new TokenLstm();
        var tape = new TokenLstm.Tape(4, 2);
        int[] tokens = { 1, 2, 3, 4, 5, 6, 11, 0 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.ForwardTraining(tape, tokens, [4, 3], new float[2 * 4 * TokenLstm.OutputSize]));

        Assert.Contains("sequence 1, step 2 is 11, outside the vocabulary: ids are 0 to 10.", exception.Message);
    }

    [Fact]
    public void BidirectionalForwardTrainingNamesTheSequenceAndStepOfTheBadId()
    {
        var network = new BiTokenLstm();
        var tape = new BiTokenLstm.Tape(4, 2);
        int[] tokens = { 1, 2, 3, 4, 5, -6, 0, 0 };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => network.ForwardTraining(tape, tokens, [4, 2], new float[2 * 4 * BiTokenLstm.OutputSize]));

        Assert.Contains("sequence 1, step 1 is -6, outside the vocabulary: ids are 0 to 10.", exception.Message);
    }

    [Fact]
    public void ForwardTrainingDoesNotReadPaddedSteps()
    {
        var network = new TokenLstm();
        network.InitializeParameters(seed: 2);
        var tape = new TokenLstm.Tape(4, 2);
        int[] withPaddingGarbage = { 1, 2, 3, 4, 5, 6, -7, 99 };
        int[] withPaddingZero = { 1, 2, 3, 4, 5, 6, 0, 0 };
        var garbage = new float[2 * 4 * TokenLstm.OutputSize];
        var zero = new float[garbage.Length];

        network.ForwardTraining(tape, withPaddingGarbage, [4, 2], garbage);
        network.ForwardTraining(tape, withPaddingZero, [4, 2], zero);

        Assert.Equal(zero, garbage);
    }

    [Fact]
    public void TokenDataSetRefusesAnIdOutsideTheVocabulary()
    {
        var data = SequenceDataset<int>.ForTokens(vocabularySize: 5, targetSize: 1, SequenceTargets.LastStep);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => data.AddTokens([0, 4, 5], [1]));

        Assert.Contains("tokens[2] is 5, outside the vocabulary: ids are 0 to 4.", exception.Message);
        Assert.Throws<InvalidOperationException>(() => data.Add([1f], [1]));
        Assert.Throws<InvalidOperationException>(() => new SequenceDataset<int>(1, 1, SequenceTargets.LastStep).AddTokens([0], [1]));
    }

    [Fact]
    public void TrainerRefusesTokensForAFloatNetworkAndAnotherVocabulary()
    {
        var tokens = SequenceDataset<float>.ForTokens(vocabularySize: 7, targetSize: 1, SequenceTargets.LastStep);
        tokens.AddTokens([1, 2], [0.5f]);

        var floatNetwork = new Conformance.Models.GruHidden64();
        var floatTrainer = new Trainer<float>(floatNetwork, new Sgd(Conformance.Models.GruHidden64.ParameterCount, 0.1f), MeanSquaredError.LastStep);
        Assert.Contains("declare it with VocabularySize", Assert.Throws<ArgumentException>(() => floatTrainer.Fit(tokens)).Message);

        var tokenNetwork = new TokenGru();
        var tokenTrainer = new Trainer<float>(tokenNetwork, new Sgd(TokenGru.ParameterCount, 0.1f), MeanSquaredError.LastStep);
        Assert.Contains("a vocabulary of 7 ids; the network's has 30", Assert.Throws<ArgumentException>(() => tokenTrainer.Fit(tokens)).Message);
    }
}
