using System;
using System.Collections.Generic;

namespace RnnGen.Bench;

/// <summary>A model of issue 5's inference set, and how to build each implementation of it from one set of weights.</summary>
public sealed class InferenceModel
{
    private readonly Func<InferenceImplementation> _generated;

    private InferenceModel(string name, IRecurrentNetwork network, Func<InferenceImplementation> generated)
    {
        Name = name;
        Weights = new NetworkWeights(network);
        _generated = generated;
    }

    public string Name { get; }

    public NetworkWeights Weights { get; }

    public static IReadOnlyList<InferenceModel> All { get; } =
    [
        Of<Lstm8, Lstm8.State>("LSTM 1→8"),
        Of<Lstm16, Lstm16.State>("LSTM 1→16"),
        Of<Lstm32, Lstm32.State>("LSTM 1→32"),
        Of<Lstm64, Lstm64.State>("LSTM 1→64"),
        Of<Lstm128, Lstm128.State>("LSTM 1→128"),
        Of<Gru8, Gru8.State>("GRU 1→8"),
        Of<Gru16, Gru16.State>("GRU 1→16"),
        Of<Gru32, Gru32.State>("GRU 1→32"),
        Of<Gru64, Gru64.State>("GRU 1→64"),
        Of<Gru128, Gru128.State>("GRU 1→128"),
        Of<Rnn32, Rnn32.State>("RNN 1→32"),
        Of<Lstm8x32Head4, Lstm8x32Head4.State>("LSTM 8→32, head 4"),
        Of<Lstm64x2, Lstm64x2.State>("LSTM 1→64 ×2 layers"),
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
        _generated(),
        new OnnxRuntimeImplementation(Weights, sequenceLength),
        new NaiveImplementation(Weights),
        new TensorPrimitivesImplementation(Weights),
    ];

    private static InferenceModel Of<TNetwork, TState>(string name)
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
    {
        var network = new TNetwork();
        network.InitializeParameters(seed: 1);
        return new InferenceModel(name, network, () => new GeneratedImplementation<TNetwork, TState>(network));
    }
}
