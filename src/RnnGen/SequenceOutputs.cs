namespace RnnGen;

/// <summary>
/// What a sequence call (<c>Forward</c>) writes: every step's output or only the last step's. Keras users
/// know this as an LSTM's or GRU's <c>return_sequences</c> argument.
/// </summary>
public enum SequenceOutputs
{
    /// <summary><c>[T, OutputSize]</c>: the output of every step (Keras <c>return_sequences=True</c>, PyTorch's <c>output</c>).</summary>
    EveryStep,

    /// <summary>
    /// <c>[OutputSize]</c>: the output of the last step only (Keras <c>return_sequences=False</c>, the default there). For a
    /// bidirectional network, the output from where each direction ends: the forward h after the last step beside the
    /// reverse h after step 0 (<see cref="IBidirectionalNetwork.Forward(System.ReadOnlySpan{float}, System.Span{float}, SequenceOutputs)"/>).
    /// </summary>
    LastStep,
}
