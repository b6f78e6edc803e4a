namespace RnnGen.Training;

/// <summary>
/// The tape of a network declared with <c>Dropout</c>: whether its recorded passes drop units between
/// stacked layers, and the seed and pass number that decide which.
/// </summary>
/// <remarks>
/// A pass's masks are a function of (<see cref="DropoutSeed"/>, <see cref="DropoutPass"/>, layer, element) alone,
/// where element is the unit's place in the layer's time-major <c>[T, B, H]</c> output (so a batch of another size
/// draws other masks); the same seed and pass give the same masks on every machine, path and run; each
/// pass that drops advances <see cref="DropoutPass"/> by one. The <see cref="Trainer{TTarget}"/> sets the seed
/// to <see cref="TrainerOptions.Seed"/> and the pass to its optimizer step count before every training pass
/// (so a run resumed from a checkpoint draws the masks it would have drawn), and turns dropout off to
/// evaluate, as PyTorch's <c>eval()</c> does.
/// </remarks>
public interface IDropoutTape : ITrainingTape
{
    /// <summary>Whether the next recorded passes drop units (training) or not (evaluation). True for a new tape.</summary>
    bool DropoutEnabled { get; set; }

    /// <summary>The seed of the masks. 0 for a new tape.</summary>
    int DropoutSeed { get; set; }

    /// <summary>The number of the next pass that drops units; advanced by each such pass. 0 for a new tape.</summary>
    long DropoutPass { get; set; }
}
