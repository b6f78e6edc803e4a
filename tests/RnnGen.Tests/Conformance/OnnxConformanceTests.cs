using System;
using System.Linq;
using System.Reflection;
using RnnGen.Tests.Onnx;
using RnnGen.Tests.Reference;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated forward pass against ONNX Runtime's own LSTM, GRU and RNN operators, given the same
/// weights converted to ONNX's gate order: an implementation we did not write.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class OnnxConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    public static TheoryData<string> Networks => new(typeof(OnnxConformanceTests).Assembly.GetTypes()
        .Where(type => type.Namespace == "RnnGen.Tests.Conformance.OnnxModels" && type.GetCustomAttribute<RecurrentNetworkAttribute>() is not null)
        .Select(type => type.Name)
        .OrderBy(name => name, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardAgreesWithOnnxRuntime(string network)
    {
        Type type = typeof(OnnxConformanceTests).Assembly.GetType("RnnGen.Tests.Conformance.OnnxModels." + network, throwOnError: true)!;
        var errors = new double[1];
        ModelCatalog.InvokeGeneric(typeof(OnnxConformanceTests), nameof(CheckAgainstOnnx), type, errors);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error against ONNX Runtime {errors[0]:E3}");
    }

    private static void CheckAgainstOnnx<TNetwork, TState>(double[] worst)
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(TNetwork));
        var parameters = ModelCatalog.RandomParameters(shape, seed: 11);
        var network = ModelCatalog.CreateWith<TNetwork>(parameters);
        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed: 12);

        var outputs = new float[Steps * shape.ResultSize];
        TState state = default;
        network.Forward(inputs, ref state, outputs);

        double[] expected = OnnxRecurrentRunner.RunStack(shape, parameters, inputs, Steps).Select(value => (double)value).ToArray();
        worst[0] = Tolerance.AssertClose(outputs, expected, shape.ResultSize, typeof(TNetwork).Name + " vs ONNX Runtime");
    }
}
