using System;
using System.Collections.Generic;

namespace RnnGen.Bench;

/// <summary>A model of issue 5's inference set, and how to build each implementation of it from one set of weights.</summary>
public sealed class InferenceModel
{
    private readonly Lazy<(NetworkWeights Weights, Func<InferenceImplementation> Generated, Func<int, InferenceImplementation> GeneratedMultiStream)> _instance;
    private readonly Func<FirstStepTimes> _measureFirstStep;

    private InferenceModel(string name, Func<(NetworkWeights, Func<InferenceImplementation>, Func<int, InferenceImplementation>)> create, Func<FirstStepTimes> measureFirstStep)
    {
        Name = name;
        _instance = new(create);
        _measureFirstStep = measureFirstStep;
    }

    public string Name { get; }

    /// <summary>The weights every implementation holds: the generated network's, from a fixed seed.</summary>
    public NetworkWeights Weights => _instance.Value.Weights;

    public static IReadOnlyList<InferenceModel> All { get; } =
    [
        Of<Lstm8, Lstm8.State, Lstm8.StreamBatch, Lstm8Step>("LSTM 1→8"),
        Of<Lstm16, Lstm16.State, Lstm16.StreamBatch, Lstm16Step>("LSTM 1→16"),
        Of<Lstm32, Lstm32.State, Lstm32.StreamBatch, Lstm32Step>("LSTM 1→32"),
        Of<Lstm64, Lstm64.State, Lstm64.StreamBatch, Lstm64Step>("LSTM 1→64"),
        Of<Lstm128, Lstm128.State, Lstm128.StreamBatch, Lstm128Step>("LSTM 1→128"),
        Of<Gru8, Gru8.State, Gru8.StreamBatch, Gru8Step>("GRU 1→8"),
        Of<Gru16, Gru16.State, Gru16.StreamBatch, Gru16Step>("GRU 1→16"),
        Of<Gru32, Gru32.State, Gru32.StreamBatch, Gru32Step>("GRU 1→32"),
        Of<Gru64, Gru64.State, Gru64.StreamBatch, Gru64Step>("GRU 1→64"),
        Of<Gru128, Gru128.State, Gru128.StreamBatch, Gru128Step>("GRU 1→128"),
        Of<Rnn32, Rnn32.State, Rnn32.StreamBatch, Rnn32Step>("RNN 1→32"),
        Of<Lstm8x32Head4, Lstm8x32Head4.State, Lstm8x32Head4.StreamBatch, Lstm8x32Head4Step>("LSTM 8→32, head 4"),
        Of<Lstm64x2, Lstm64x2.State, Lstm64x2.StreamBatch, Lstm64x2Step>("LSTM 1→64 ×2 layers"),
    ];

    public static InferenceModel Named(string name)
    {
        foreach (InferenceModel model in All)
        {
            if (model.Name == name)
            {
                return model;
            }
        }

        throw new ArgumentException($"No inference model is named '{name}'.", nameof(name));
    }

    /// <summary>The generated code, then the baselines, all holding the same weights.</summary>
    public InferenceImplementation[] CreateImplementations(int sequenceLength) =>
    [
        _instance.Value.Generated(),
        new OnnxRuntimeImplementation(Weights, sequenceLength),
        new NaiveImplementation(Weights),
        new TensorPrimitivesImplementation(Weights),
    ];

    /// <summary>
    /// The multi-stream implementations, each stepping <paramref name="streams"/> independent streams per call:
    /// the generated multi-stream step, then ONNX Runtime with a batch of <paramref name="streams"/>.
    /// </summary>
    public InferenceImplementation[] CreateMultiStreamImplementations(int streams) =>
    [
        _instance.Value.GeneratedMultiStream(streams),
        new OnnxRuntimeImplementation(Weights, sequenceLength: 1, streams),
    ];

    /// <summary>Constructs this model's network for the first time in this process and times its first step (see <see cref="FirstStep"/>).</summary>
    public FirstStepTimes MeasureFirstStep() => _measureFirstStep();

    // Nothing is constructed until used, so that a process measuring one model's first step has compiled nothing of the others.
    private static InferenceModel Of<TNetwork, TState, TStreams, TDirectStep>(string name)
        where TNetwork : IRecurrentNetwork<TState>, IMultiStreamNetwork<TStreams>, new()
        where TState : struct
        where TStreams : class, IStreamBatch
        where TDirectStep : struct, IDirectStep<TNetwork, TState> =>
        new(
            name,
            () =>
            {
                var network = new TNetwork();
                network.InitializeParameters(seed: 1);
                return (
                    new NetworkWeights(network),
                    () => new GeneratedImplementation<TNetwork, TState>(network),
                    streams => new GeneratedMultiStreamImplementation<TNetwork, TStreams>(network, streams));
            },
            FirstStep.Measure<TNetwork, TState, TDirectStep>);
}
