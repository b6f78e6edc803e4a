using System;

namespace RnnGen.Training;

/// <summary>
/// A trainable network that reads token ids through an embedding table (declared with
/// <c>VocabularySize</c>): the trainer feeds it the ids of a token <see cref="SequenceDataset{TTarget}"/>.
/// </summary>
/// <remarks>
/// A pass recorded from ids backpropagates into <c>embedding.weight</c> as well: each step's gradient with
/// respect to the first layer's input is added to the row of the id it read (PyTorch's <c>nn.Embedding</c>
/// backward).
/// </remarks>
public interface ITokenNetwork : ITrainableNetwork
{
    /// <summary>The number of token ids: valid ids are 0 to <c>VocabularySize - 1</c>.</summary>
    int VocabularySize { get; }

    /// <summary>Runs a batch of token ids from the tape's initial state, recording what <see cref="ITrainableNetwork.Backward"/> needs.</summary>
    /// <param name="tape">A tape from <see cref="ITrainableNetwork.CreateTape"/> of this network.</param>
    /// <param name="tokens"><c>[B, T]</c> ids, batch-major; B is <c>lengths.Length</c> and T the longest length. Padded steps are not read.</param>
    /// <param name="lengths">The valid steps of each sequence, 1 to T.</param>
    /// <param name="outputs">Receives <c>[B, T, OutputSize]</c>; padded steps are zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id of a valid step is outside the vocabulary (the message names its sequence and step).</exception>
    void ForwardTraining(ITrainingTape tape, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths, Span<float> outputs);
}

/// <summary>A token network together with its recurrent state type: inference on token ids.</summary>
/// <typeparam name="TState">The generated <c>State</c> struct.</typeparam>
public interface ITokenNetwork<TState> : ITokenNetwork, IRecurrentNetwork<TState>
    where TState : struct
{
    /// <summary>Runs one time step on a token id at batch size 1 without allocating.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside the vocabulary.</exception>
    void Step(int token, ref TState state, Span<float> output);

    /// <summary>Runs a sequence of token ids, <c>[T]</c> in and <c>[T, OutputSize]</c> (or, for <see cref="SequenceOutputs.LastStep"/>, <c>[OutputSize]</c>) out.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position).</exception>
    void Forward(ReadOnlySpan<int> tokens, ref TState state, Span<float> outputs, SequenceOutputs returns);
}

/// <summary>
/// A bidirectional token network: inference on a whole sequence of token ids, as nn.Embedding followed by
/// <c>nn.LSTM(bidirectional=True)</c> (or GRU, RNN) and an optional head. There is no <c>Step</c>: the reverse
/// direction's first output depends on the last id.
/// </summary>
public interface IBidirectionalTokenNetwork : ITokenNetwork, IBidirectionalNetwork
{
    /// <summary>
    /// Runs a whole sequence of token ids from a zero state in both directions, <c>[T]</c> in and
    /// <c>[T, OutputSize]</c> out: each id's row of <c>embedding.weight</c> is the first layer's input.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); nothing runs.</exception>
    /// <exception cref="ArgumentException">The outputs do not match the ids.</exception>
    void Forward(ReadOnlySpan<int> tokens, Span<float> outputs) => Forward(tokens, outputs, SequenceOutputs.EveryStep);

    /// <summary>
    /// Runs a whole sequence of token ids from a zero state in both directions, and writes every step's output or,
    /// for <see cref="SequenceOutputs.LastStep"/>, one from where each direction ends (see
    /// <see cref="IBidirectionalNetwork.Forward(ReadOnlySpan{float}, Span{float}, SequenceOutputs)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position); nothing runs.</exception>
    /// <exception cref="ArgumentException">The outputs do not match the ids.</exception>
    void Forward(ReadOnlySpan<int> tokens, Span<float> outputs, SequenceOutputs returns);
}
