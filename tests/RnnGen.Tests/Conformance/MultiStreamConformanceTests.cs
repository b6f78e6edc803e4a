using System;
using System.Linq;
using System.Reflection;
using RnnGen.Tests.Reference;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The multi-stream step of every network in the conformance table against the same network stepped
/// one stream at a time: S streams with different inputs over several steps, one stream reset midway,
/// on whichever instruction-set path this process runs (CI runs this class once per path).
/// </summary>
[Trait("Category", "Numeric")]
public sealed class MultiStreamConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 12;
    private const int ResetStep = 5;

    // 1 stream; 7 = a four-row block, a two-row block and a single row of the products on every path; 16 = the benchmark's batch.
    public static TheoryData<string, int> NetworksAndStreams
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (Type network in ModelCatalog.All)
            {
                foreach (int streams in new[] { 1, 7, 16 })
                {
                    data.Add(network.Name, streams);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(NetworksAndStreams))]
    public void StreamsStepTogetherAsEachStepsAlone(string network, int streams)
    {
        double worst = Invoke(nameof(CheckAgainstSingleStreams), network, streams);
        output.WriteLine($"{network}, {streams} streams, on {Kernels.InstructionSets.Active}: largest scaled error {worst:E3}");
    }

    [Theory]
    [InlineData(nameof(Models.LstmHidden33))]
    [InlineData(nameof(Models.GruHidden16))]
    [InlineData(nameof(Models.RnnHidden64))]
    public void ParametersSetAfterAStreamStepAreUsedByTheNext(string network) =>
        Invoke(nameof(CheckParameterChange), network, 3);

    private static double Invoke(string method, string network, int streams)
    {
        Type type = ModelCatalog.Find(network);
        MethodInfo body = typeof(MultiStreamConformanceTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type, type.GetNestedType("State")!, type.GetNestedType("StreamBatch")!);
        try
        {
            return (double)body.Invoke(null, [streams])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    private static double CheckAgainstSingleStreams<TNetwork, TState, TStreams>(int streams)
        where TNetwork : IRecurrentNetwork<TState>, IMultiStreamNetwork<TStreams>, new()
        where TState : struct
        where TStreams : class, IStreamBatch
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(TNetwork));
        var network = ModelCatalog.CreateWith<TNetwork>(ModelCatalog.RandomParameters(shape, seed: 11));
        float[] inputs = ModelCatalog.RandomInputs(Steps * streams * shape.InputSize, seed: 12);
        int resetStream = streams / 2;

        // Stream s alone: its own state, its own inputs, reset where the batch resets it.
        var expected = new float[Steps * streams * shape.ResultSize];
        for (int stream = 0; stream < streams; stream++)
        {
            TState state = default;
            for (int step = 0; step < Steps; step++)
            {
                if (step == ResetStep && stream == resetStream)
                {
                    state = default;
                }

                int row = (step * streams) + stream;
                network.Step(inputs.AsSpan(row * shape.InputSize, shape.InputSize), ref state, expected.AsSpan(row * shape.ResultSize, shape.ResultSize));
            }
        }

        var actual = new float[expected.Length];
        TStreams batch = network.CreateStreamBatch(streams);
        for (int step = 0; step < Steps; step++)
        {
            if (step == ResetStep)
            {
                batch.Reset(resetStream);
            }

            network.Step(
                inputs.AsSpan(step * streams * shape.InputSize, streams * shape.InputSize),
                batch,
                actual.AsSpan(step * streams * shape.ResultSize, streams * shape.ResultSize));
        }

        return Tolerance.AssertClose(actual, Array.ConvertAll(expected, value => (double)value), shape.ResultSize, $"{typeof(TNetwork).Name}, {streams} streams");
    }

    private static double CheckParameterChange<TNetwork, TState, TStreams>(int streams)
        where TNetwork : IRecurrentNetwork<TState>, IMultiStreamNetwork<TStreams>, new()
        where TState : struct
        where TStreams : class, IStreamBatch
    {
        NetworkShape shape = ModelCatalog.ShapeOf(typeof(TNetwork));
        var network = ModelCatalog.CreateWith<TNetwork>(ModelCatalog.RandomParameters(shape, seed: 13));
        float[] inputs = ModelCatalog.RandomInputs(streams * shape.InputSize, seed: 14);
        var outputs = new float[streams * shape.ResultSize];
        network.Step(inputs, network.CreateStreamBatch(streams), outputs);

        // Every parameter replaced: the stream step must read the new ones, as the single-stream step does.
        foreach (var (name, values) in ModelCatalog.RandomParameters(shape, seed: 15))
        {
            network.SetParameter(name, values);
        }

        var expected = new double[outputs.Length];
        var single = new float[shape.ResultSize];
        for (int stream = 0; stream < streams; stream++)
        {
            TState state = default;
            network.Step(inputs.AsSpan(stream * shape.InputSize, shape.InputSize), ref state, single);
            for (int value = 0; value < single.Length; value++)
            {
                expected[(stream * shape.ResultSize) + value] = single[value];
            }
        }

        network.Step(inputs, network.CreateStreamBatch(streams), outputs);
        Assert.True(outputs.Any(value => value != 0f), "The outputs are all zero: the comparison would be empty.");
        return Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{typeof(TNetwork).Name} after SetParameter");
    }
}
