using System;

namespace RnnGen.Bench;

/// <summary>One way of running a network at batch 1: the generated code or one of the baselines it is compared with.</summary>
public abstract class InferenceImplementation
{
    public abstract string Name { get; }

    /// <summary>One step from the carried state, which the step advances.</summary>
    public abstract void Step(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>A sequence, [T, I] in and [T, O] out, from the carried state, which it advances.</summary>
    public virtual void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int inputSize, int outputSize)
    {
        int steps = inputs.Length / inputSize;
        for (int t = 0; t < steps; t++)
        {
            Step(inputs.Slice(t * inputSize, inputSize), outputs.Slice(t * outputSize, outputSize));
        }
    }

    /// <summary>Sets the carried state to zero.</summary>
    public abstract void Reset();
}

/// <summary>The generated class, called through its public <c>Step</c> and <c>Forward</c>.</summary>
public sealed class GeneratedImplementation<TNetwork, TState> : InferenceImplementation
    where TNetwork : IRecurrentNetwork<TState>
    where TState : struct
{
    private readonly TNetwork _network;
    private TState _state;

    public GeneratedImplementation(TNetwork network) => _network = network;

    public override string Name => "generated";

    public override void Step(ReadOnlySpan<float> input, Span<float> output) => _network.Step(input, ref _state, output);

    public override void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int inputSize, int outputSize) =>
        _network.Forward(inputs, ref _state, outputs);

    public override void Reset() => _state = default;
}

/// <summary>
/// The generated multi-stream step: each call steps every stream of one <c>StreamBatch</c>, inputs
/// <c>[S, I]</c> and outputs <c>[S, O]</c>, through the class's public <c>Step(inputs, batch, outputs)</c>.
/// </summary>
public sealed class GeneratedMultiStreamImplementation<TNetwork, TStreams> : InferenceImplementation
    where TNetwork : IMultiStreamNetwork<TStreams>
    where TStreams : class, IStreamBatch
{
    private readonly TNetwork _network;
    private readonly TStreams _streams;

    public GeneratedMultiStreamImplementation(TNetwork network, int streams)
    {
        _network = network;
        _streams = network.CreateStreamBatch(streams);
    }

    public override string Name => "generated multi-stream";

    public override void Step(ReadOnlySpan<float> input, Span<float> output) => _network.Step(input, _streams, output);

    public override void Reset() => _streams.Reset();
}
