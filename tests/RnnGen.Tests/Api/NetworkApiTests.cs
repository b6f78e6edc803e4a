using System;
using System.Linq;
using System.Threading.Tasks;

namespace RnnGen.Tests.Api;

/// <summary>The generated surface: constants, parameter access, initialization, state, argument checks, allocation, threads.</summary>
public sealed class NetworkApiTests
{
    [Fact]
    public void ConstantsDescribeTheDeclaredNetwork()
    {
        Assert.Equal(8, Detector.InputSize);
        Assert.Equal(32, Detector.HiddenSize);
        Assert.Equal(2, Detector.Layers);
        Assert.Equal(4, Detector.OutputSize);
        int lstm = (4 * 32 * 8) + (4 * 32 * 32) + (2 * 4 * 32);
        int lstm2 = (4 * 32 * 32) + (4 * 32 * 32) + (2 * 4 * 32);
        Assert.Equal(lstm + lstm2 + (4 * 32) + 4, (int)typeof(Detector).GetField(nameof(Detector.ParameterCount))!.GetValue(null)!);
        Assert.Equal(SmallGru.HiddenSize, SmallGru.OutputSize);
    }

    [Fact]
    public void ParameterNamesFollowPyTorchStateDictOrder()
    {
        Assert.Equal(
            new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "head.weight", "head.bias" },
            Detector.ParameterNames);
        Assert.Equal(new[] { 128, 8 }, Detector.ParameterShape("weight_ih_l0"));
        Assert.Equal(new[] { 128, 32 }, Detector.ParameterShape("weight_ih_l1"));
        Assert.Equal(new[] { 4, 32 }, Detector.ParameterShape("head.weight"));
        Assert.Equal(new[] { 15 }, SmallGru.ParameterShape("bias_hh_l1"));
        Assert.Equal(Detector.ParameterCount, Detector.ParameterNames.Sum(name => Detector.ParameterShape(name).Aggregate(1, (a, b) => a * b)));
    }

    [Fact]
    public void SetParameterRoundTripsThroughGetParameter()
    {
        var network = new Detector();
        float[] values = Enumerable.Range(0, 4 * 32).Select(i => i * 0.25f).ToArray();
        network.SetParameter("head.weight", values);

        var read = new float[values.Length];
        network.GetParameter("head.weight", read);
        Assert.Equal(values, read);
    }

    [Fact]
    public void UnknownParameterNameListsTheValidNames()
    {
        var network = new Detector();
        var exception = Assert.Throws<ArgumentException>(() => network.SetParameter("weight_ih_l2", new float[10]));
        Assert.Equal("name", exception.ParamName);
        Assert.Contains("'weight_ih_l2'", exception.Message);
        Assert.Contains("weight_ih_l0, weight_hh_l0", exception.Message);
        Assert.Throws<ArgumentException>(() => Detector.ParameterShape("lstm.weight_ih_l0"));
        Assert.Throws<ArgumentException>(() => network.GetParameter("nope", new float[1]));
    }

    [Fact]
    public void WrongParameterLengthSaysTheExpectedShape()
    {
        var network = new Detector();
        var exception = Assert.Throws<ArgumentException>(() => network.SetParameter("weight_hh_l0", new float[100]));
        Assert.Equal("values", exception.ParamName);
        Assert.Contains("[128, 32] (4096 values)", exception.Message);
        Assert.Contains("has 100", exception.Message);
        Assert.Throws<ArgumentException>(() => network.GetParameter("bias_ih_l0", new float[129]));
    }

    [Fact]
    public void InitializeParametersIsDeterministicPerSeedAndWithinPyTorchBounds()
    {
        float[] first = AllParameters(Initialized(7));
        float[] again = AllParameters(Initialized(7));
        float[] other = AllParameters(Initialized(8));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        float bound = 1f / MathF.Sqrt(Detector.HiddenSize);
        Assert.All(first, value => Assert.InRange(value, -bound, bound));

        // Uniform over the range, not clustered: the spread of 13,000+ draws reaches close to both ends.
        Assert.True(first.Min() < -0.95f * bound && first.Max() > 0.95f * bound);
        Assert.InRange(first.Average(), -0.01f, 0.01f);
    }

    [Fact]
    public void WrongSpanLengthsThrowWithTheExpectedSize()
    {
        var network = Initialized(1);
        var state = new Detector.State();
        var exception = Assert.Throws<ArgumentException>(() => network.Step(new float[7], ref state, new float[4]));
        Assert.Equal("input", exception.ParamName);
        Assert.Contains("8", exception.Message);
        Assert.Throws<ArgumentException>(() => network.Step(new float[8], ref state, new float[5]));
        Assert.Throws<ArgumentException>(() => network.Forward(new float[17], ref state, new float[8]));
        Assert.Throws<ArgumentException>(() => network.Forward(new float[16], ref state, new float[12]));
    }

    [Fact]
    public void StateStartsAtZeroAndResetReturnsThere()
    {
        var network = Initialized(3);
        var state = new Detector.State();
        Assert.All(state.Hidden(1).ToArray(), value => Assert.Equal(0f, value));

        var first = new float[4];
        network.Step(Enumerable.Repeat(0.5f, 8).ToArray(), ref state, first);
        Assert.Contains(state.Hidden(0).ToArray(), value => value != 0f);
        Assert.Contains(state.Cell(1).ToArray(), value => value != 0f);
        Assert.Equal(32, state.Hidden(1).Length);

        state.Reset();
        var again = new float[4];
        network.Step(Enumerable.Repeat(0.5f, 8).ToArray(), ref state, again);
        Assert.Equal(first, again);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Hidden(2).ToArray());
    }

    [Fact]
    public void SetHiddenAndSetCellRestoreAState()
    {
        var network = Initialized(4);
        var input = Enumerable.Range(0, 8).Select(i => i / 8f).ToArray();
        var state = new Detector.State();
        var scratch = new float[4];
        network.Step(input, ref state, scratch);

        var restored = new Detector.State();
        for (int layer = 0; layer < Detector.Layers; layer++)
        {
            restored.SetHidden(layer, state.Hidden(layer));
            restored.SetCell(layer, state.Cell(layer));
        }

        var expected = new float[4];
        var actual = new float[4];
        network.Step(input, ref state, expected);
        network.Step(input, ref restored, actual);
        Assert.Equal(expected, actual);
        Assert.Throws<ArgumentException>(() => restored.SetHidden(0, new float[31]));
    }

    [Fact]
    public void SoftmaxHeadOutputsAProbabilityDistribution()
    {
        var network = Initialized(5);
        var state = new Detector.State();
        var output = new float[4];
        network.Step(Enumerable.Repeat(1f, 8).ToArray(), ref state, output);

        Assert.All(output, probability => Assert.InRange(probability, 0f, 1f));
        Assert.Equal(1f, output.Sum(), 5);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var network = Initialized(6);
        var state = new Detector.State();
        var input = new float[8];
        var output = new float[4];
        network.Step(input, ref state, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            network.Step(input, ref state, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ForwardAllocatesNothing()
    {
        var network = Initialized(6);
        var state = new Detector.State();
        var inputs = new float[50 * Detector.InputSize];
        var outputs = new float[50 * Detector.OutputSize];
        network.Forward(inputs, ref state, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            network.Forward(inputs, ref state, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OneInstanceServesManyThreadsEachWithItsOwnState()
    {
        var network = Initialized(9);
        float[][] inputs = Enumerable.Range(0, 8).Select(seed => Conformance.ModelCatalog.RandomInputs(40 * 8, seed)).ToArray();
        float[][] expected = inputs.Select(sequence => Run(network, sequence)).ToArray();

        Parallel.For(0, inputs.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            float[] result = Run(network, inputs[i % inputs.Length]);
            Assert.Equal(expected[i % inputs.Length], result);
        });
    }

    [Fact]
    public void ExposesItselfThroughTheRuntimeInterface()
    {
        IRecurrentNetwork<SmallGru.State> network = new SmallGru();
        Assert.Equal(CellType.Gru, network.Cell);
        Assert.Equal(2, network.InputSize);
        Assert.Equal(5, network.OutputSize);
        Assert.Equal(SmallGru.ParameterCount, network.ParameterCount);
        Assert.Equal(SmallGru.ParameterNames, network.ParameterNames);
    }

    private static float[] Run(Detector network, float[] inputs)
    {
        var state = new Detector.State();
        var outputs = new float[inputs.Length / 8 * 4];
        network.Forward(inputs, ref state, outputs);
        return outputs;
    }

    private static Detector Initialized(int seed)
    {
        var network = new Detector();
        network.InitializeParameters(seed);
        return network;
    }

    private static float[] AllParameters(Detector network) =>
        Detector.ParameterNames.SelectMany(name =>
        {
            var values = new float[Detector.ParameterShape(name).Aggregate(1, (a, b) => a * b)];
            network.GetParameter(name, values);
            return values;
        }).ToArray();
}
