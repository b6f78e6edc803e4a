using System;

namespace RnnGen;

/// <summary>
/// A generated network declared with <see cref="RecurrentNetworkAttribute.Bidirectional"/>: every layer reads the
/// sequence forward and in reverse, so it runs whole sequences only. There is no <c>Step</c>: the reverse
/// direction's first output depends on the last input.
/// </summary>
public interface IBidirectionalNetwork : IRecurrentNetwork
{
    /// <summary>
    /// Runs a whole sequence from a zero state (PyTorch's default h0 and c0, in both directions),
    /// <c>[T, InputSize]</c> in and <c>[T, OutputSize]</c> out; without a head each output step is the last
    /// layer's forward h followed by its reverse h.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole steps, or the outputs do not match them.</exception>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs) => Forward(inputs, outputs, SequenceOutputs.EveryStep);

    /// <summary>
    /// Runs a whole sequence from a zero state in both directions, <c>[T, InputSize]</c> in, and writes every step's
    /// output (<c>[T, OutputSize]</c>) or, for <see cref="SequenceOutputs.LastStep"/>, one output (<c>[OutputSize]</c>)
    /// from where each direction ends: the last layer's forward h after the last step and its reverse h after step 0
    /// (through the head, if any). That is Keras' <c>Bidirectional(..., return_sequences=False)</c> and PyTorch's
    /// <c>torch.cat((h_n[-2], h_n[-1]), dim=1)</c>; it is not the last row of the every-step output, whose reverse
    /// half has read only the last input.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs are not whole steps, or the outputs do not match them.</exception>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, SequenceOutputs returns);
}
