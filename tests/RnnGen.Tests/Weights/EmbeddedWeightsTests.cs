using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Generator;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Weights;

/// <summary>
/// A network declared with <c>Weights</c>, compiled and loaded like a user's assembly, computes exactly
/// what the same declaration computes when given the file's values through <c>SetParameter</c>, on
/// every instruction-set path (each packs the embedded values into its own layout).
/// </summary>
[Trait("Category", "Numeric")]
public sealed class EmbeddedWeightsTests
{
    [Theory]
    [InlineData(CellType.Lstm, "F32", 2, Activation.Softmax, Activation.Tanh)]
    [InlineData(CellType.Gru, "F16", 0, Activation.Identity, Activation.Tanh)]
    [InlineData(CellType.Rnn, "BF16", 3, Activation.Tanh, Activation.Relu)]
    public void EmbeddedNetworkComputesWhatSetParameterGives(CellType cell, string dtype, int outputSize, Activation outputActivation, Activation nonlinearity) =>
        AssertEmbeddedComputesWhatSetParameterGives(new NetworkShape(cell, 3, 5, 2, outputSize, outputActivation, nonlinearity), dtype);

    [Fact]
    public void EmbeddedStackOfDifferingLayersComputesWhatSetParameterGives() =>
        AssertEmbeddedComputesWhatSetParameterGives(
            new NetworkShape(CellType.Lstm, 3, 6, 1, 2, Activation.Sigmoid, Activation.Tanh)
            {
                StackedLayers = [new StackedLayer(CellType.Gru, 4), new StackedLayer(CellType.Rnn, 9, Activation.Relu)],
            },
            "F32");

    [Fact]
    public void EmbeddedBidirectionalNetworkComputesWhatSetParameterGives() =>
        AssertEmbeddedComputesWhatSetParameterGives(new NetworkShape(CellType.Lstm, 3, 5, 2, 2, Activation.Softmax, Activation.Tanh) { Bidirectional = true }, "F16");

    private static void AssertEmbeddedComputesWhatSetParameterGives(NetworkShape shape, string dtype)
    {
        Dictionary<string, float[]> values = NetworkTensors.Values(shape, seed: 3);
        byte[] file = SafeTensorsWriter.Write(NetworkTensors.Write(shape, values, dtype));
        string source = $$"""
            using RnnGen;
            namespace App;
            {{shape.AttributeLists(", Weights = \"model.safetensors\"")}}
            public partial class Embedded
            {
                public Embedded() { }
                public Embedded(string label) => Label = label;
                public string Label { get; } = "";
            }
            {{shape.AttributeLists()}}
            public partial class Plain;
            """;

        GeneratorOutput output = GeneratorHarness.Run(new[] { WeightsFiles.Encoded("/src/model.safetensors", file) }, source);
        Assert.Empty(output.Diagnostics);
        using var loaded = new LoadedAssembly(output.Compilation);
        IRecurrentNetwork embedded = loaded.Create("App.Embedded");
        IRecurrentNetwork viaOtherConstructor = loaded.Create("App.Embedded", "label");
        IRecurrentNetwork plain = loaded.Create("App.Plain");
        foreach (var (name, stored) in NetworkTensors.AsStored(values, dtype))
        {
            plain.SetParameter(name, stored);
        }

        float[] inputs = ModelCatalog.RandomInputs(7 * shape.InputSize, seed: 5);
        float[] expected = Forward(plain, inputs);
        Assert.Contains(expected, value => value != 0);
        Assert.Equal(expected, Forward(embedded, inputs));
        Assert.Equal(expected, Forward(viaOtherConstructor, inputs));

        // The embedded weights are only where an instance starts: they can still be replaced.
        plain.InitializeParameters(seed: 11);
        embedded.InitializeParameters(seed: 11);
        Assert.Equal(Forward(plain, inputs), Forward(embedded, inputs));
    }

    [Fact]
    public void EmbeddedValuesKeepEveryBit()
    {
        var shape = new NetworkShape(CellType.Rnn, 1, 2, 1, 0, Activation.Identity, Activation.Tanh);
        // Subnormals, infinities, NaNs with payloads, and floats whose halves are lone surrogates as UTF-16.
        float[] special = new[] { BitConverter.SingleToInt32Bits(-0f), 1, BitConverter.SingleToInt32Bits(0.1f), BitConverter.SingleToInt32Bits(float.NegativeInfinity), 0x7FC00001, unchecked((int)0xFFC00000), 0x3F80D800, unchecked((int)0xDC003F80), unchecked((int)0xD800DFFF), BitConverter.SingleToInt32Bits(float.MaxValue) }
            .Select(BitConverter.Int32BitsToSingle)
            .ToArray();
        var values = new Dictionary<string, float[]>
        {
            ["weight_ih_l0"] = special[0..2],
            ["weight_hh_l0"] = special[2..6],
            ["bias_ih_l0"] = special[6..8],
            ["bias_hh_l0"] = special[8..10],
        };
        byte[] file = SafeTensorsWriter.Write(NetworkTensors.Write(shape, values));

        GeneratorOutput output = GeneratorHarness.Run(
            new[] { WeightsFiles.Encoded("/src/model.safetensors", file) },
            "using RnnGen; namespace App; [RecurrentNetwork(CellType.Rnn, 1, 2, Weights = \"model.safetensors\")] public partial class Net;");
        Assert.Empty(output.Diagnostics);
        using var loaded = new LoadedAssembly(output.Compilation);
        IRecurrentNetwork network = loaded.Create("App.Net");

        foreach (var (name, expected) in values)
        {
            var actual = new float[expected.Length];
            network.GetParameter(name, actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static float[] Forward(IRecurrentNetwork network, float[] inputs) => network is IBidirectionalNetwork bidirectional
        ? ForwardBidirectional(bidirectional, inputs)
        : (float[])typeof(EmbeddedWeightsTests).GetMethod(nameof(ForwardFromZeroState), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(network.GetType().GetNestedType("State")!)
            .Invoke(null, new object[] { network, inputs })!;

    private static float[] ForwardBidirectional(IBidirectionalNetwork network, float[] inputs)
    {
        var outputs = new float[inputs.Length / network.InputSize * network.OutputSize];
        network.Forward(inputs, outputs);
        return outputs;
    }

    private static float[] ForwardFromZeroState<TState>(IRecurrentNetwork network, float[] inputs)
        where TState : struct
    {
        var state = default(TState);
        var outputs = new float[inputs.Length / network.InputSize * network.OutputSize];
        ((IRecurrentNetwork<TState>)network).Forward(inputs, ref state, outputs);
        return outputs;
    }
}
