using System;
using System.Linq;
using System.Threading.Tasks;

namespace RnnGen.Tests.Api;

/// <summary>The generated multi-stream surface: the batch's states, argument checks, allocation, threads.</summary>
public sealed class StreamBatchApiTests
{
    private const int Streams = 3;

    [Fact]
    public void WrongSpanLengthsSayTheBatchShape()
    {
        var network = Initialized(1);
        var batch = new Detector.StreamBatch(Streams);
        var inputs = Assert.Throws<ArgumentException>(() => network.Step(new float[(Streams * 8) - 1], batch, new float[Streams * 4]));
        Assert.Equal("inputs", inputs.ParamName);
        Assert.Contains("[S, InputSize] = [3, 8]", inputs.Message);
        Assert.Contains("must have 24 values", inputs.Message);

        var outputs = Assert.Throws<ArgumentException>(() => network.Step(new float[Streams * 8], batch, new float[4]));
        Assert.Equal("outputs", outputs.ParamName);
        Assert.Contains("[S, OutputSize] = [3, 4]", outputs.Message);
        Assert.Equal("streams", Assert.Throws<ArgumentNullException>(() => network.Step(new float[Streams * 8], null!, new float[Streams * 4])).ParamName);
    }

    [Fact]
    public void StreamCountOutsideItsRangeIsRejected()
    {
        Assert.Equal("streams", Assert.Throws<ArgumentOutOfRangeException>(() => new Detector.StreamBatch(0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Detector.StreamBatch(Detector.StreamBatch.MaxStreams + 1));

        // The widest row is the gates', 4 · 32 floats: MaxStreams rows of it are the most one array holds.
        long gateFloats = 4 * Detector.HiddenSize;
        Assert.True(Detector.StreamBatch.MaxStreams * gateFloats <= Array.MaxLength);
        Assert.True((Detector.StreamBatch.MaxStreams + 1) * gateFloats > Array.MaxLength);
    }

    [Fact]
    public void StreamAndLayerIndicesAreChecked()
    {
        var batch = new Detector.StreamBatch(Streams);
        var stream = Assert.Throws<ArgumentOutOfRangeException>(() => batch.Reset(Streams));
        Assert.Equal("stream", stream.ParamName);
        Assert.Contains("streams 0 to 2", stream.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Hidden(-1, 0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Cell(0, Detector.Layers).ToArray());
        Assert.Throws<ArgumentException>(() => batch.SetHidden(0, 0, new float[Detector.HiddenSize + 1]));
    }

    [Fact]
    public void ResettingOneStreamLeavesTheOthers()
    {
        var network = Initialized(2);
        var batch = new Detector.StreamBatch(Streams);
        float[] inputs = Conformance.ModelCatalog.RandomInputs(Streams * Detector.InputSize, seed: 3);
        network.Step(inputs, batch, new float[Streams * Detector.OutputSize]);
        float[] untouched = batch.Hidden(2, 1).ToArray();
        Assert.Contains(batch.Cell(1, 0).ToArray(), value => value != 0f);

        batch.Reset(1);
        for (int layer = 0; layer < Detector.Layers; layer++)
        {
            Assert.All(batch.Hidden(1, layer).ToArray(), value => Assert.Equal(0f, value));
            Assert.All(batch.Cell(1, layer).ToArray(), value => Assert.Equal(0f, value));
        }

        Assert.Equal(untouched, batch.Hidden(2, 1).ToArray());
        batch.Reset();
        Assert.All(batch.Hidden(2, 1).ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void SetHiddenAndSetCellMoveAStreamFromASingleStreamState()
    {
        var network = Initialized(4);
        float[] input = Conformance.ModelCatalog.RandomInputs(Detector.InputSize, seed: 5);
        var state = new Detector.State();
        network.Step(input, ref state, new float[Detector.OutputSize]);

        var batch = new Detector.StreamBatch(Streams);
        for (int layer = 0; layer < Detector.Layers; layer++)
        {
            batch.SetHidden(2, layer, state.Hidden(layer));
            batch.SetCell(2, layer, state.Cell(layer));
        }

        var expected = new float[Detector.OutputSize];
        network.Step(input, ref state, expected);
        var inputs = new float[Streams * Detector.InputSize];
        input.CopyTo(inputs, 2 * Detector.InputSize);
        var outputs = new float[Streams * Detector.OutputSize];
        network.Step(inputs, batch, outputs);
        for (int value = 0; value < Detector.OutputSize; value++)
        {
            Assert.Equal(expected[value], outputs[(2 * Detector.OutputSize) + value], 1e-5f);
        }

        Assert.Equal(state.Hidden(1).ToArray(), batch.Hidden(2, 1).ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void StepAllocatesNothingAfterTheFirst()
    {
        var network = Initialized(6);
        var batch = new Detector.StreamBatch(16);
        var inputs = new float[16 * Detector.InputSize];
        var outputs = new float[16 * Detector.OutputSize];
        network.Step(inputs, batch, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            network.Step(inputs, batch, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OneInstanceServesManyThreadsEachWithItsOwnBatch()
    {
        float[][] inputs = Enumerable.Range(0, 8).Select(seed => Conformance.ModelCatalog.RandomInputs(Streams * Detector.InputSize, seed)).ToArray();
        float[][] expected = inputs.Select(input => RunTwice(Initialized(9), input)).ToArray();

        // A fresh instance, so that the threads' first steps race to make its transposed weights.
        var shared = Initialized(9);
        float[][] actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = RunTwice(shared, inputs[i]));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ExposesItselfThroughTheRuntimeInterface()
    {
        IMultiStreamNetwork<Detector.StreamBatch> network = Initialized(7);
        IStreamBatch batch = network.CreateStreamBatch(5);
        Assert.Equal(5, batch.Streams);
        Assert.IsType<Detector.StreamBatch>(batch);
    }

    private static float[] RunTwice(Detector network, float[] inputs)
    {
        var batch = new Detector.StreamBatch(Streams);
        var outputs = new float[Streams * Detector.OutputSize];
        network.Step(inputs, batch, outputs);
        network.Step(inputs, batch, outputs);
        return outputs;
    }

    private static Detector Initialized(int seed)
    {
        var network = new Detector();
        network.InitializeParameters(seed);
        return network;
    }

    private sealed class FloatTolerance(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
