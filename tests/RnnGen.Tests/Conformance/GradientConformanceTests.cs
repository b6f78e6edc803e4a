using System;
using System.Linq;
using RnnGen.Tests.Reference;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The generated backward pass of every network in the conformance table against the double-precision
/// reference (itself checked against finite differences): every parameter's gradient, the inputs' and
/// the initial state's, at batch 1 with full-length sequences and at batch 5 with variable lengths and
/// a non-zero initial state. CI runs this class once per instruction-set path.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class GradientConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    // numpy.allclose's rule: |actual − expected| ≤ 1e-6 + 1e-4 · |expected|.
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteTolerance = 1e-6;

    public static TheoryData<string> Networks => ReferenceConformanceTests.Networks;

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAgreeWithReferenceAtBatchOne(string network) =>
        Check(network, lengths: new[] { Steps }, withInitialState: false);

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAgreeWithReferenceForFullLengthBatch(string network) =>
        Check(network, lengths: new[] { Steps, Steps, Steps, Steps, Steps }, withInitialState: false);

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsAgreeWithReferenceForVariableLengthBatch(string network) =>
        Check(network, lengths: new[] { Steps, 17, 1, 50, 33 }, withInitialState: true);

    [Theory]
    [InlineData("LstmHidden33")]
    [InlineData("GruHidden7")]
    [InlineData("RnnHidden16")]
    [InlineData("StackGru7RnnLstm16")]
    public void CarryStateForwardStartsTheNextBatchFromEachSequencesLastValidStep(string networkName)
    {
        Type type = ModelCatalog.Find(networkName);
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 31);
        var network = (ITrainableNetwork)Activator.CreateInstance(type)!;
        foreach (var (name, values) in parameters)
        {
            network.SetParameter(name, values);
        }

        int[] lengths = { 9, 4, 6 };
        float[] inputs = ModelCatalog.RandomInputs(lengths.Length * 9 * shape.InputSize, seed: 32);
        ITrainingTape tape = network.CreateTape(9, lengths.Length);
        network.ForwardTraining(tape, inputs, lengths, new float[lengths.Length * 9 * shape.ResultSize]);
        tape.CarryStateForward();

        double[] expected = ReferenceBackward.Compute(shape, parameters, inputs, lengths, new double[lengths.Length * 9 * shape.ResultSize]).FinalState;
        Tolerance.AssertClose(tape.InitialState, expected, shape.HiddenSize, $"{networkName} carried state");

        tape.ResetState();
        Assert.All(tape.InitialState.ToArray(), value => Assert.Equal(0f, value));
    }

    private void Check(string networkName, int[] lengths, bool withInitialState)
    {
        Type type = ModelCatalog.Find(networkName);
        NetworkShape shape = ModelCatalog.ShapeOf(type);
        var parameters = ModelCatalog.RandomParameters(shape, seed: 21);
        var network = (ITrainableNetwork)Activator.CreateInstance(type)!;
        foreach (var (name, values) in parameters)
        {
            network.SetParameter(name, values);
        }

        int batch = lengths.Length;
        int steps = lengths.Max();
        float[] inputs = ModelCatalog.RandomInputs(batch * steps * shape.InputSize, seed: 22);
        double[] outputGradients = ModelCatalog.RandomInputs(batch * steps * shape.ResultSize, seed: 23, scale: 1f).Select(value => (double)value).ToArray();
        int stateLength = (shape.HasCellState ? 2 : 1) * shape.StateUnits * batch;
        double[]? initialState = withInitialState
            ? ModelCatalog.RandomInputs(stateLength, seed: 24, scale: 0.5f).Select(value => (double)value).ToArray()
            : null;

        ITrainingTape tape = network.CreateTape(steps, batch);
        if (initialState is not null)
        {
            for (int i = 0; i < stateLength; i++)
            {
                tape.InitialState[i] = (float)initialState[i];
            }
        }

        var outputs = new float[batch * steps * shape.ResultSize];
        network.ForwardTraining(tape, inputs, lengths, outputs);
        var parameterGradients = new float[network.ParameterCount];
        var inputGradients = new float[inputs.Length];
        network.Backward(tape, outputGradients.Select(value => (float)value).ToArray(), parameterGradients, inputGradients);

        ReferenceGradients expected = ReferenceBackward.Compute(
            shape, parameters, inputs, lengths, outputGradients, initialState is null ? null : initialState.Select(value => (double)(float)value).ToArray());

        Tolerance.AssertClose(outputs, expected.Outputs, shape.ResultSize, $"{networkName} training outputs");
        double worst = AssertGradientsClose(network, parameterGradients, inputGradients, tape, expected, networkName);
        output.WriteLine($"{networkName} batch {batch} on {Kernels.InstructionSets.Active}: largest gradient error {worst:E3} (of the allowed 1e-6 + 1e-4·|expected|)");
    }

    /// <summary>
    /// Asserts numpy.allclose for every parameter's gradient (in <see cref="IRecurrentNetwork.ParameterNames"/> order),
    /// the inputs' and the initial state's, and returns the largest error as a fraction of what is allowed.
    /// </summary>
    internal static double AssertGradientsClose(IRecurrentNetwork network, ReadOnlySpan<float> parameterGradients, ReadOnlySpan<float> inputGradients, ITrainingTape tape, ReferenceGradients expected, string what)
    {
        double worst = 0;
        int offset = 0;
        foreach (string name in network.ParameterNames)
        {
            double[] reference = expected.ParameterGradients[name];
            worst = Math.Max(worst, AssertGradientClose(parameterGradients.Slice(offset, reference.Length), reference, $"{what} d/d{name}"));
            offset += reference.Length;
        }

        worst = Math.Max(worst, AssertGradientClose(inputGradients, expected.InputGradients, $"{what} d/dinputs"));
        return Math.Max(worst, AssertGradientClose(tape.InitialStateGradient, expected.InitialStateGradient, $"{what} d/dinitial state"));
    }

    /// <summary>Asserts numpy.allclose and returns the largest error as a fraction of what is allowed.</summary>
    internal static double AssertGradientClose(ReadOnlySpan<float> actual, double[] expected, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double allowed = AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected[i]));
            double fraction = double.IsFinite(actual[i]) ? Math.Abs(actual[i] - expected[i]) / allowed : double.PositiveInfinity;
            if (fraction > worst)
            {
                worst = fraction;
                worstIndex = i;
            }
        }

        Assert.True(worst <= 1, $"{what}: at index {worstIndex} got {actual[worstIndex]:R}, expected {expected[worstIndex]:R} ({worst:F1}× the tolerance).");
        return worst;
    }
}
