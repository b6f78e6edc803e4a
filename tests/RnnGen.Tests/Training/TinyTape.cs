using System;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>The recorded pass of a <see cref="TinyRecurrentNetwork"/>: inputs and every hidden state, batch-major.</summary>
internal sealed class TinyTape : ITrainingTape
{
    private readonly TinyRecurrentNetwork _network;
    private readonly float[] _initialState;
    private readonly float[] _initialStateGradient;
    private readonly float[] _inputs;
    private readonly float[] _hidden;
    private readonly int[] _lengths;

    public TinyTape(TinyRecurrentNetwork network, int maxSequenceLength, int maxBatchSize)
    {
        _network = network;
        MaxSequenceLength = maxSequenceLength;
        MaxBatchSize = maxBatchSize;
        _initialState = new float[maxBatchSize * network.HiddenSize];
        _initialStateGradient = new float[_initialState.Length];
        _inputs = new float[maxBatchSize * maxSequenceLength * network.InputSize];
        _hidden = new float[maxBatchSize * (maxSequenceLength + 1) * network.HiddenSize];
        _lengths = new int[maxBatchSize];
        HiddenGradient = new float[network.HiddenSize];
        PreActivationGradient = new float[network.HiddenSize];
        NextHiddenGradient = new float[network.HiddenSize];
    }

    public int MaxSequenceLength { get; }

    public int MaxBatchSize { get; }

    public Span<float> InitialState => _initialState;

    public ReadOnlySpan<float> InitialStateGradient => _initialStateGradient;

    public int Steps { get; private set; }

    public int Batch { get; private set; }

    public Span<float> InitialStateGradientBuffer => _initialStateGradient;

    public float[] HiddenGradient { get; }

    public float[] PreActivationGradient { get; }

    public float[] NextHiddenGradient { get; }

    public void ResetState() => Array.Clear(_initialState);

    public void CarryStateForward()
    {
        for (int b = 0; b < Batch; b++)
        {
            Hidden(b, _lengths[b]).CopyTo(_initialState.AsSpan(b * _network.HiddenSize, _network.HiddenSize));
        }
    }

    /// <summary>Checks a batch as a generated tape does, keeps its inputs and lengths, and returns T.</summary>
    public int Begin(ReadOnlySpan<float> inputs, ReadOnlySpan<int> lengths, int outputLength)
    {
        Require(lengths.Length >= 1 && lengths.Length <= MaxBatchSize, "The batch does not fit the tape.");
        int steps = 0;
        foreach (int length in lengths)
        {
            Require(length >= 1 && length <= MaxSequenceLength, "A length does not fit the tape.");
            steps = Math.Max(steps, length);
        }

        Require(inputs.Length == lengths.Length * steps * _network.InputSize, "The inputs are not [B, T, InputSize].");
        Require(outputLength == lengths.Length * steps * _network.OutputSize, "The outputs are not [B, T, OutputSize].");
        inputs.CopyTo(_inputs);
        lengths.CopyTo(_lengths);
        Steps = steps;
        Batch = lengths.Length;
        return steps;
    }

    public int Length(int sequence) => _lengths[sequence];

    /// <summary>Checks a condition without xunit's asserts, which allocate, so that the trainer's batches can be measured.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    public ReadOnlySpan<float> Input(int sequence, int step, int steps) =>
        _inputs.AsSpan(((sequence * steps) + step) * _network.InputSize, _network.InputSize);

    /// <summary>The hidden state of <paramref name="sequence"/> after <paramref name="step"/> steps (0: the initial state).</summary>
    public Span<float> Hidden(int sequence, int step) =>
        _hidden.AsSpan(((sequence * (MaxSequenceLength + 1)) + step) * _network.HiddenSize, _network.HiddenSize);

    /// <summary>Each sequence's state at its last valid step, <c>[B, H]</c>.</summary>
    public float[] FinalStates()
    {
        float[] states = new float[Batch * _network.HiddenSize];
        for (int b = 0; b < Batch; b++)
        {
            Hidden(b, _lengths[b]).CopyTo(states.AsSpan(b * _network.HiddenSize));
        }

        return states;
    }
}
