using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Reference;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Tokens;

/// <summary>
/// Networks declared with <c>VocabularySize</c> against the double-precision reference composed of
/// nn.Embedding and the network: the forward pass on ids (sequence, last step only, and step by step), the
/// training pass and every gradient including <c>embedding.weight</c>'s, on whichever instruction-set
/// path this process runs.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class TokenNetworkTests(ITestOutputHelper output)
{
    private const int Steps = 40;

    public static TheoryData<string> Networks => new() { nameof(TokenLstm), nameof(TokenGru), nameof(TokenRnn) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardOnTokensAgreesWithEmbeddingThenReference(string network) =>
        Invoke(network, nameof(CheckForward), output);

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsIncludingTheEmbeddingTableAgreeWithReference(string network) =>
        Invoke(network, nameof(CheckGradients), output);

    [Fact]
    public void GradientsThroughTheEmbeddingAndDropoutAgreeWithReferenceGivenTheMask()
    {
        var (network, shape, parameters, table) = Create<TokenDropoutLstm>(seed: 6);
        int[] lengths = { 9, 17, 4 };
        int steps = lengths.Max();
        int[] tokens = RandomTokens(lengths.Length * steps, TokenDropoutLstm.VocabularySize, seed: 7);
        double[] outputGradients = ModelCatalog.RandomInputs(lengths.Length * steps * shape.ResultSize, seed: 8, scale: 1f).Select(value => (double)value).ToArray();
        var tape = new TokenDropoutLstm.Tape(steps, lengths.Length) { DropoutSeed = 9 };
        var outputs = new float[lengths.Length * steps * shape.ResultSize];
        network.ForwardTraining(tape, tokens, lengths, outputs);
        var gradients = new TokenDropoutLstm.Gradients();
        network.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), gradients);

        float[] mask = tape.DropoutMask(0).ToArray();
        double Mask(int layer, int sequence, int step, int unit) => mask[(((step * lengths.Length) + sequence) * shape.HiddenSize) + unit];
        float[] inputs = ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, lengths);
        ReferenceGradients expected = ReferenceBackward.Compute(shape, parameters, inputs, lengths, outputGradients, dropoutMask: Mask);

        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, "token LSTM with dropout, training outputs");
        var tableGradient = new float[table.Length];
        gradients.GetGradient("embedding.weight", tableGradient);
        GradientConformanceTests.AssertGradientClose(tableGradient, ReferenceEmbedding.Gradient(expected.InputGradients, TokenDropoutLstm.VocabularySize, shape.InputSize, tokens, lengths), "d/dembedding.weight");
        foreach (var (name, reference) in expected.ParameterGradients)
        {
            var actual = new float[reference.Length];
            gradients.GetGradient(name, actual);
            GradientConformanceTests.AssertGradientClose(actual, reference, $"d/d{name}");
        }
    }

    [Fact]
    public void ParametersStartWithTheEmbeddingTableInNnEmbeddingLayout()
    {
        Assert.Equal("embedding.weight", TokenGru.ParameterNames[0]);
        Assert.Equal(new[] { TokenGru.VocabularySize, TokenGru.InputSize }, TokenGru.ParameterShape("embedding.weight"));
        int table = 30 * 7;
        int recurrent = (3 * 9 * 7) + (3 * 9 * 9) + (2 * 3 * 9);
        Assert.Equal(TokenGru.ParameterCount, table + recurrent);
    }

    [Fact]
    public void InitializationDrawsTheEmbeddingTableFromAStandardNormal()
    {
        var network = new TokenRnn();
        network.InitializeParameters(seed: 5);
        var wide = new BigTable();
        wide.InitializeParameters(seed: 5);
        var values = new float[BigTable.VocabularySize * BigTable.InputSize];
        wide.GetParameter("embedding.weight", values);

        // 40,000 draws: the sample mean is within 0.02 and the variance within 0.03 of N(0, 1)'s with overwhelming probability.
        double mean = values.Average(value => (double)value);
        double variance = values.Average(value => (value - mean) * (value - mean));
        output.WriteLine($"embedding.weight: mean {mean:F4}, variance {variance:F4}");
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
        Assert.Contains(values, value => Math.Abs(value) > 3);

        // The recurrent tensors keep PyTorch's ±1/√H.
        var weights = new float[TokenRnn.HiddenSize * TokenRnn.InputSize];
        network.GetParameter("weight_ih_l0", weights);
        Assert.All(weights, value => Assert.InRange(value, -1 / MathF.Sqrt(TokenRnn.HiddenSize), 1 / MathF.Sqrt(TokenRnn.HiddenSize)));
    }

    private static void Invoke(string network, string method, ITestOutputHelper output) =>
        ModelCatalog.InvokeGeneric(typeof(TokenNetworkTests), method, typeof(TokenNetworkTests).Assembly.GetType($"RnnGen.Tests.Tokens.Models.{network}")!, output);

    private static void CheckForward<TNetwork, TState>(ITestOutputHelper output)
        where TNetwork : ITokenNetwork<TState>, new()
        where TState : struct
    {
        var (network, shape, parameters, table) = Create<TNetwork>(seed: 1);
        int[] tokens = RandomTokens(Steps, network.VocabularySize, seed: 2);
        double[] expected = new ReferenceNetwork(shape, parameters).Forward(ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, [Steps]), Steps);

        var outputs = new float[Steps * shape.ResultSize];
        TState state = default;
        network.Forward(tokens, ref state, outputs, SequenceOutputs.EveryStep);
        double worst = Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{typeof(TNetwork).Name} on tokens");

        var stepped = new float[outputs.Length];
        TState stepState = default;
        for (int step = 0; step < Steps; step++)
        {
            network.Step(tokens[step], ref stepState, stepped.AsSpan(step * shape.ResultSize, shape.ResultSize));
        }

        Assert.Equal(outputs, stepped);

        var last = new float[shape.ResultSize];
        TState lastState = default;
        network.Forward(tokens, ref lastState, last, SequenceOutputs.LastStep);
        Assert.Equal(outputs.AsSpan((Steps - 1) * shape.ResultSize).ToArray(), last);
        output.WriteLine($"{typeof(TNetwork).Name} on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3}");
    }

    private static void CheckGradients<TNetwork, TState>(ITestOutputHelper output)
        where TNetwork : ITokenNetwork<TState>, new()
        where TState : struct
    {
        var (network, shape, parameters, table) = Create<TNetwork>(seed: 3);
        double worst = CheckGradientsAgainst(
            network, shape, table, typeof(TNetwork).Name, (inputs, lengths, outputGradients) => ReferenceBackward.Compute(shape, parameters, inputs, lengths, outputGradients));
        output.WriteLine($"{typeof(TNetwork).Name} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} of the allowed");
    }

    /// <summary>
    /// Records a batch of random ids of four lengths on <paramref name="network"/>, backpropagates random output gradients,
    /// and checks the outputs and every gradient against <paramref name="reference"/> run on the embedded inputs:
    /// <c>embedding.weight</c>'s is the reference's input gradients added onto the rows the ids read.
    /// </summary>
    /// <param name="reference">The reference's training pass: (embedded inputs, lengths, output gradients) to its gradients.</param>
    /// <returns>The largest gradient error, as a share of the allowed.</returns>
    internal static double CheckGradientsAgainst(
        ITokenNetwork network, NetworkShape shape, float[] table, string label, Func<float[], int[], double[], ReferenceGradients> reference)
    {
        int[] lengths = { 13, Steps, 1, 27 };
        int batch = lengths.Length;
        int[] tokens = RandomTokens(batch * Steps, network.VocabularySize, seed: 4);
        double[] outputGradients = ModelCatalog.RandomInputs(batch * Steps * shape.ResultSize, seed: 5, scale: 1f).Select(value => (double)value).ToArray();

        ITrainingTape tape = network.CreateTape(Steps, batch);
        var outputs = new float[batch * Steps * shape.ResultSize];
        network.ForwardTraining(tape, tokens, lengths, outputs);
        var gradients = new float[network.ParameterCount];
        network.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), gradients, default);

        ReferenceGradients expected = reference(ReferenceEmbedding.Lookup(table, shape.InputSize, tokens, lengths), lengths, outputGradients);
        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, $"{label} training outputs");
        var expectedGradients = new Dictionary<string, double[]>(expected.ParameterGradients)
        {
            ["embedding.weight"] = ReferenceEmbedding.Gradient(expected.InputGradients, network.VocabularySize, shape.InputSize, tokens, lengths),
        };

        double worst = 0;
        int offset = 0;
        foreach (string name in network.ParameterNames)
        {
            double[] expectedGradient = expectedGradients[name];
            worst = Math.Max(worst, GradientConformanceTests.AssertGradientClose(gradients.AsSpan(offset, expectedGradient.Length), expectedGradient, $"{label} d/d{name}"));
            offset += expectedGradient.Length;
        }

        Assert.Equal(network.ParameterCount, offset);
        Assert.Contains(expectedGradients["embedding.weight"], value => value != 0);
        return worst;
    }

    /// <summary>A network with random parameters: the recurrent ones at PyTorch's scale, the table uniform in ±1.</summary>
    internal static (TNetwork Network, NetworkShape Shape, Dictionary<string, float[]> Parameters, float[] Table) Create<TNetwork>(int seed)
        where TNetwork : ITokenNetwork, new() => Create(new TNetwork(), seed);

    /// <summary>Gives <paramref name="network"/>, whose class's attribute describes it, random parameters: the recurrent ones at PyTorch's scale, the table uniform in ±1.</summary>
    internal static (TNetwork Network, NetworkShape Shape, Dictionary<string, float[]> Parameters, float[] Table) Create<TNetwork>(TNetwork network, int seed)
        where TNetwork : ITokenNetwork
    {
        NetworkShape shape = ModelCatalog.ShapeOf(network.GetType());
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed);
        float[] table = ModelCatalog.RandomInputs(network.VocabularySize * network.InputSize, seed + 100, scale: 1f);
        network.SetParameter("embedding.weight", table);
        foreach (var (name, values) in parameters)
        {
            network.SetParameter(name, values);
        }

        return (network, shape, parameters, table);
    }

    internal static int[] RandomTokens(int count, int vocabularySize, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocabularySize)).ToArray();
    }
}
