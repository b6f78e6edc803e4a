namespace RnnGen.Training;

/// <summary>
/// The tape of a bidirectional network: which outputs its recorded passes produce. Every step's, as the sequence
/// call's <see cref="SequenceOutputs.EveryStep"/>; or one per sequence from where each direction ends, as
/// <see cref="SequenceOutputs.LastStep"/> (Keras' <c>Bidirectional(..., return_sequences=False)</c>, PyTorch's
/// <c>torch.cat((h_n[-2], h_n[-1]), dim=1)</c>): the last layer's forward h after the sequence's last valid step and
/// its reverse h after step 0, through the head if there is one.
/// </summary>
/// <remarks>
/// With <see cref="SequenceOutputs.LastStep"/> the pass writes each sequence's one output at its last valid step of
/// the <c>[B, T, OutputSize]</c> outputs, where a <see cref="SequenceTargets.LastStep"/> loss reads it, and zeros
/// elsewhere; backpropagation reads the output gradients of those steps only. The <see cref="Trainer{TTarget}"/>
/// sets it from its loss's <see cref="ISequenceLoss{TTarget}.Targets"/>, so a network trained on last-step targets
/// computes, after training, what its <c>Forward(..., SequenceOutputs.LastStep)</c> returns.
/// </remarks>
public interface IBidirectionalTape : ITrainingTape
{
    /// <summary>The outputs the next recorded passes produce. <see cref="SequenceOutputs.EveryStep"/> for a new tape.</summary>
    SequenceOutputs Returns { get; set; }
}
