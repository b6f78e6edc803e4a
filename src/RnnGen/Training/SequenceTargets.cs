namespace RnnGen.Training;

/// <summary>Which steps of a sequence have a target: what PyTorch code calls many-to-many and many-to-one.</summary>
public enum SequenceTargets
{
    /// <summary>
    /// Many-to-many: a target at every valid step. Targets are laid out <c>[B, T, TargetSize]</c> like the
    /// outputs; those at padded steps are ignored.
    /// </summary>
    EveryStep,

    /// <summary>
    /// Many-to-one: a single target per sequence, compared with the output at its last valid step
    /// (<c>lengths[b] - 1</c>). Targets are laid out <c>[B, TargetSize]</c>.
    /// </summary>
    LastStep,
}
