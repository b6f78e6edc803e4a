using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using RnnGen.Tests.Reference;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated sequence pass of every bidirectional network in its table against the double-precision reference
/// (two one-layer reference networks per layer, one fed the reversed sequence), over T = 50 steps, on whichever
/// instruction-set path this process runs.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class BidirectionalConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    public static IReadOnlyList<Type> All { get; } = typeof(BidirectionalConformanceTests).Assembly.GetTypes()
        .Where(type => type.Namespace == "RnnGen.Tests.Conformance.BidirectionalModels" && type.GetCustomAttribute<RecurrentNetworkAttribute>() is not null)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> Networks => new(All.Select(type => type.Name));

    /// <summary>The networks without a head: ONNX's recurrent operators end at the hidden state.</summary>
    public static TheoryData<string> HeadlessNetworks => new(All.Where(type => ModelCatalog.ShapeOf(type).OutputSize == 0).Select(type => type.Name));

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardAgreesWithReference(string network)
    {
        var (shape, parameters, inputs, outputs) = RunGenerated(network, seed: 1);

        double[] expected = new ReferenceBidirectionalNetwork(shape, parameters).Forward(inputs, Steps);
        double worst = Tolerance.AssertClose(outputs, expected, shape.ResultSize, network);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(HeadlessNetworks))]
    public void ForwardAgreesWithOnnxRuntime(string network)
    {
        var (shape, parameters, inputs, outputs) = RunGenerated(network, seed: 11);

        double[] expected = Onnx.OnnxRecurrentRunner.RunStack(shape, parameters, inputs, Steps).Select(value => (double)value).ToArray();
        double worst = Tolerance.AssertClose(outputs, expected, shape.ResultSize, network + " vs ONNX Runtime");
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error against ONNX Runtime {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ReverseDirectionSeesTheFuture(string network)
    {
        // Changing only the last input changes the first output: the reverse direction read it first. Three steps,
        // because over many a randomly initialized network's memory of an input fades below float precision.
        const int steps = 3;
        Type type = All.Single(candidate => candidate.Name == network);
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        var generated = (IBidirectionalNetwork)Activator.CreateInstance(type)!;
        generated.InitializeParameters(seed: 5);
        float[] inputs = ModelCatalog.RandomInputs(steps * shape.InputSize, seed: 6);
        var before = new float[steps * shape.ResultSize];
        generated.Forward(inputs, before);

        inputs[^1] += 1f;
        var after = new float[steps * shape.ResultSize];
        generated.Forward(inputs, after);

        Assert.NotEqual(before.AsSpan(0, shape.ResultSize).ToArray(), after.AsSpan(0, shape.ResultSize).ToArray());
    }

    /// <summary>The generated network <paramref name="network"/> with PyTorch-scale random parameters, run over <see cref="Steps"/> random inputs.</summary>
    private static (NetworkShape Shape, Dictionary<string, float[]> Parameters, float[] Inputs, float[] Outputs) RunGenerated(string network, int seed)
    {
        Type type = All.Single(candidate => candidate.Name == network);
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(shape, seed);
        var generated = (IBidirectionalNetwork)Activator.CreateInstance(type)!;
        foreach (var (name, values) in parameters)
        {
            generated.SetParameter(name, values);
        }

        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed + 1);
        var outputs = new float[Steps * shape.ResultSize];
        generated.Forward(inputs, outputs);
        return (shape, parameters, inputs, outputs);
    }
}
