using System;

namespace RnnGen.Training;

/// <summary>
/// A generated network that can learn: its parameters as one flat buffer, a recording forward pass over
/// mini-batches, and backpropagation through time. One trainer and one set of optimizers serve every
/// generated network through this interface.
/// </summary>
/// <remarks>
/// Batches are batch-major: inputs <c>[B, T, InputSize]</c>, outputs and their gradients
/// <c>[B, T, OutputSize]</c>, where T is the longest sequence of the batch. Sequence b has
/// <c>lengths[b]</c> valid steps (1 to T); its padded steps produce zero outputs and take no part in the
/// gradients. Gradients are summed over the batch: a loss that averages (as PyTorch's default
/// <c>reduction='mean'</c>) scales its output gradients, and the sum is then the gradient of the mean.
/// </remarks>
public interface ITrainableNetwork : IRecurrentNetwork
{
    /// <summary>
    /// The parameters in <see cref="IRecurrentNetwork.ParameterNames"/> order, each in PyTorch's layout:
    /// what optimizers update in place. Call <see cref="ParametersChanged"/> after writing to it.
    /// </summary>
    Span<float> ParameterValues { get; }

    /// <summary>Makes the network use <see cref="ParameterValues"/> after they were written in place.</summary>
    void ParametersChanged();

    /// <summary>A workspace for recording forward passes of up to the given sizes; reused across calls without allocating.</summary>
    ITrainingTape CreateTape(int maxSequenceLength, int maxBatchSize);

    /// <summary>Runs a batch from the tape's initial state, recording what <see cref="Backward"/> needs.</summary>
    /// <param name="tape">A tape from <see cref="CreateTape"/> of this network.</param>
    /// <param name="inputs"><c>[B, T, InputSize]</c>; B is <c>lengths.Length</c> and T the longest length.</param>
    /// <param name="lengths">The valid steps of each sequence, 1 to T.</param>
    /// <param name="outputs">Receives <c>[B, T, OutputSize]</c>; padded steps are zero.</param>
    void ForwardTraining(ITrainingTape tape, ReadOnlySpan<float> inputs, ReadOnlySpan<int> lengths, Span<float> outputs);

    /// <summary>Backpropagates through the pass last recorded on <paramref name="tape"/>.</summary>
    /// <param name="tape">The tape of the last <see cref="ForwardTraining"/>.</param>
    /// <param name="outputGradients">dLoss/dOutput, <c>[B, T, OutputSize]</c>; padded steps are ignored.</param>
    /// <param name="parameterGradients"><see cref="IRecurrentNetwork.ParameterCount"/> values the gradients are added to.</param>
    /// <param name="inputGradients">Receives dLoss/dInput <c>[B, T, InputSize]</c>, or empty to skip it.</param>
    void Backward(ITrainingTape tape, ReadOnlySpan<float> outputGradients, Span<float> parameterGradients, Span<float> inputGradients);
}

/// <summary>The recorded activations of one forward pass, and the recurrent state a batch starts from.</summary>
public interface ITrainingTape
{
    /// <summary>The longest sequence the tape can record.</summary>
    int MaxSequenceLength { get; }

    /// <summary>The largest batch the tape can record.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// The state each sequence of the next batch starts from, <c>[Layers, B, HiddenSize]</c> of h and, for
    /// LSTM, then the same of c (B = <see cref="MaxBatchSize"/>). Zero until set. In a stack whose layers
    /// differ, each layer's block is <c>[B, its hidden size]</c>, one after another; the c part follows when any
    /// layer is an LSTM, and stays zero for the layers that are not. A bidirectional network's is PyTorch's h0
    /// (and c0), <c>[Layers × 2, B, HiddenSize]</c>: each layer's forward direction, then its reverse direction,
    /// which starts at each sequence's last valid step.
    /// </summary>
    Span<float> InitialState { get; }

    /// <summary>After <see cref="ITrainableNetwork.Backward"/>: dLoss/d<see cref="InitialState"/>, same layout.</summary>
    ReadOnlySpan<float> InitialStateGradient { get; }

    /// <summary>Sets <see cref="InitialState"/> to zero.</summary>
    void ResetState();

    /// <summary>
    /// Sets <see cref="InitialState"/> to the state each sequence reached at its last valid step of the
    /// last recorded pass: truncated backpropagation through time carries the state across windows. Rows of
    /// sequences beyond that pass's batch are left as they are, so a following pass over its first B' sequences
    /// continues each from its own row. For a bidirectional network this is PyTorch's h_n: the reverse
    /// direction's state is the one it reached at step 0, where it ends.
    /// </summary>
    void CarryStateForward();
}
