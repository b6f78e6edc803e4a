using System;
using System.Linq;
using RnnGen.Tests.Reference;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated forward pass of every network in the conformance table against the double-precision
/// reference, over T = 50 steps, on whichever instruction-set path this process runs (CI runs this class
/// once per path).
/// </summary>
[Trait("Category", "Numeric")]
public sealed class ReferenceConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    public static TheoryData<string> Networks => new(ModelCatalog.All.Select(type => type.Name));

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardAgreesWithReference(string network)
    {
        var errors = new double[1];
        ModelCatalog.InvokeGeneric(typeof(ReferenceConformanceTests), nameof(CheckForward), ModelCatalog.Find(network), errors);
        output.WriteLine($"{network} on {Kernels.InstructionSets.Active}: largest scaled error {errors[0]:E3}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void StepByStepEqualsForward(string network) =>
        ModelCatalog.InvokeGeneric(typeof(ReferenceConformanceTests), nameof(CheckStepsEqualForward), ModelCatalog.Find(network));

    private static void CheckForward<TNetwork, TState>(double[] worst)
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(TNetwork));
        var parameters = ModelCatalog.RandomParameters(shape, seed: 1);
        var network = ModelCatalog.CreateWith<TNetwork>(parameters);
        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed: 2);

        var outputs = new float[Steps * shape.ResultSize];
        TState state = default;
        network.Forward(inputs, ref state, outputs);

        double[] expected = new ReferenceNetwork(shape, parameters).Forward(inputs, Steps);
        worst[0] = Tolerance.AssertClose(outputs, expected, shape.ResultSize, typeof(TNetwork).Name);
    }

    private static void CheckStepsEqualForward<TNetwork, TState>()
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(TNetwork));
        var network = ModelCatalog.CreateWith<TNetwork>(ModelCatalog.RandomParameters(shape, seed: 3));
        float[] inputs = ModelCatalog.RandomInputs(Steps * shape.InputSize, seed: 4);

        var sequence = new float[Steps * shape.ResultSize];
        TState sequenceState = default;
        network.Forward(inputs, ref sequenceState, sequence);

        var stepped = new float[Steps * shape.ResultSize];
        TState stepState = default;
        for (int step = 0; step < Steps; step++)
        {
            network.Step(inputs.AsSpan(step * shape.InputSize, shape.InputSize), ref stepState, stepped.AsSpan(step * shape.ResultSize, shape.ResultSize));
        }

        Assert.Equal(sequence, stepped);
    }
}
