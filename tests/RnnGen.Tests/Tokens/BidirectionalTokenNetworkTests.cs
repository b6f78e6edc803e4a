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
        ((IBidirectionalNetwork)generated).Forward(embedded, onEmbeddedInputs);
        Assert.Equal(onEmbeddedInputs, outputs);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsIncludingTheEmbeddingTableAgreeWithReference(string network)
    {
        var (generated, shape, parameters, table) = Create(network, seed: 3);
        int[] lengths = { 13, Steps, 1, 27 };
        int batch = lengths.Length;
        int[] tokens = TokenNetworkTests.RandomTokens(batch * Steps, generated.VocabularySize, seed: 4);
        double[] outputGradients = ModelCatalog.RandomInputs(batch * Steps * shape.ResultSize, seed: 5, scale: 1f).Select(value => (double)value).ToArray();

        ITrainingTape tape = generated.CreateTape(Steps, batch);
        var outputs = new float[batch * Steps * shape.ResultSize];
        generated.ForwardTraining(tape, tokens, lengths, outputs);
        var gradients = new float[generated.ParameterCount];
        generated.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), gradients, default);

        float[] inputs = ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, lengths);
        ReferenceGradients expected = ReferenceBidirectionalBackward.Compute(shape, parameters, inputs, lengths, outputGradients);
        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, $"{network} training outputs");
        var expectedGradients = new Dictionary<string, double[]>(expected.ParameterGradients)
        {
            ["embedding.weight"] = ReferenceEmbedding.Gradient(expected.InputGradients, generated.VocabularySize, shape.InputSize, tokens, lengths),
        };

        double worst = 0;
        int offset = 0;
        foreach (string name in generated.ParameterNames)
        {
            double[] reference = expectedGradients[name];
            worst = Math.Max(worst, GradientConformanceTests.AssertGradientClose(gradients.AsSpan(offset, reference.Length), reference, $"{network} d/d{name}"));
            offset += reference.Length;
        }

        Assert.Equal(generated.ParameterCount, offset);
        Assert.Contains(expectedGradients["embedding.weight"], value => value != 0);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} of the allowed");
    }

    private static (IBidirectionalTokenNetwork Network, NetworkShape Shape, Dictionary<string, float[]> Parameters, float[] Table) Create(string network, int seed) =>
        TokenNetworkTests.Create((IBidirectionalTokenNetwork)Activator.CreateInstance(typeof(BidirectionalTokenNetworkTests).Assembly.GetType($"RnnGen.Tests.Tokens.Models.{network}", throwOnError: true)!)!, seed);
}
