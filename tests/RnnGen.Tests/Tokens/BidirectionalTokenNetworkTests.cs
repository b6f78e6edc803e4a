using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Reference;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Tokens;

/// <summary>
/// Bidirectional networks declared with <c>VocabularySize</c> against the double-precision reference composed of
/// nn.Embedding and the bidirectional network: the sequence pass on ids, and the training pass with every gradient
/// including <c>embedding.weight</c>'s, on whichever instruction-set path this process runs.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class BidirectionalTokenNetworkTests(ITestOutputHelper output)
{
    private const int Steps = 40;

    public static TheoryData<string> Networks => new() { nameof(Models.BiTokenLstm), nameof(Models.BiTokenGru), nameof(Models.BiTokenRnn) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardOnTokensAgreesWithEmbeddingThenReference(string network)
    {
        var (generated, shape, parameters, table) = Create(network, seed: 1);
        int[] tokens = TokenNetworkTests.RandomTokens(Steps, generated.VocabularySize, seed: 2);
        float[] embedded = ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, [Steps]);
        double[] expected = new ReferenceBidirectionalNetwork(shape, parameters).Forward(embedded, Steps);

        var outputs = new float[Steps * shape.ResultSize];
        generated.Forward(tokens, outputs);

        double worst = Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{network} on tokens");
        var onEmbeddedInputs = new float[outputs.Length];
        generated.Forward(embedded, onEmbeddedInputs);
        Assert.Equal(onEmbeddedInputs, outputs);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void LastStepOnTokensAgreesWithEmbeddingThenReference(string network)
    {
        var (generated, shape, parameters, table) = Create(network, seed: 5);
        int[] tokens = TokenNetworkTests.RandomTokens(Steps, generated.VocabularySize, seed: 6);
        float[] embedded = ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, [Steps]);
        double[] expected = new ReferenceBidirectionalNetwork(shape, parameters).ForwardLastStep(embedded, Steps);

        var outputs = new float[shape.ResultSize];
        generated.Forward(tokens, outputs, SequenceOutputs.LastStep);

        Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{network} last step on tokens");
        var onEmbeddedInputs = new float[outputs.Length];
        generated.Forward(embedded, onEmbeddedInputs, SequenceOutputs.LastStep);
        Assert.Equal(onEmbeddedInputs, outputs);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void LastStepTrainingOnTokensGivesEachSequencesLastStepForward(string network)
    {
        int[] lengths = { 11, 1, 6 };
        var (generated, shape, _, _) = Create(network, seed: 7);
        int[] tokens = TokenNetworkTests.RandomTokens(lengths.Length * 11, generated.VocabularySize, seed: 8);
        var tape = (IBidirectionalTape)generated.CreateTape(11, lengths.Length);
        tape.Returns = SequenceOutputs.LastStep;
        var outputs = new float[lengths.Length * 11 * shape.ResultSize];
        generated.ForwardTraining(tape, tokens, lengths, outputs);

        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            var alone = new float[shape.ResultSize];
            generated.Forward(tokens.AsSpan(sequence * 11, lengths[sequence]), alone, SequenceOutputs.LastStep);
            int last = ((sequence * 11) + lengths[sequence] - 1) * shape.ResultSize;
            Tolerance.AssertClose(outputs.AsSpan(last, shape.ResultSize), alone.Select(value => (double)value).ToArray(), shape.ResultSize, $"{network} sequence {sequence}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsIncludingTheEmbeddingTableAgreeWithReference(string network)
    {
        var (generated, shape, parameters, table) = Create(network, seed: 3);
        double worst = TokenNetworkTests.CheckGradientsAgainst(
            generated, shape, table, network, (inputs, lengths, outputGradients) => ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, outputGradients));
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} of the allowed");
    }

    private static (IBidirectionalTokenNetwork Network, NetworkShape Shape, Dictionary<string, float[]> Parameters, float[] Table) Create(string network, int seed) =>
        TokenNetworkTests.Create((IBidirectionalTokenNetwork)Activator.CreateInstance(typeof(BidirectionalTokenNetworkTests).Assembly.GetType($"RnnGen.Tests.Tokens.Models.{network}", throwOnError: true)!)!, seed);
}
