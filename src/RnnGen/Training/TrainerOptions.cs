using System;

namespace RnnGen.Training;

/// <summary>How a <see cref="Trainer{TTarget}"/> trains: epochs, batches, shuffling, truncation, clipping, schedule, early stopping and checkpoints.</summary>
public sealed record TrainerOptions
{
    /// <summary>The epoch count to train up to; a trainer resumed from a checkpoint continues until it. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The sequences per mini-batch (the last batch of an epoch may be smaller). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seeds the shuffling: the same seed, data, network initialization and instruction-set path give bit-identical parameters. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Whether each epoch visits the training sequences in a fresh random order. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// Truncated backpropagation through time: when set, each batch is cut into windows of this many steps,
    /// with one optimizer step per window and the recurrent state carried from one window into the next
    /// (gradients stop at window borders). Needs per-step targets and a unidirectional network (a bidirectional one's reverse
    /// direction must read each sequence from its end). Null (the default) backpropagates through whole sequences.
    /// </summary>
    public int? TruncationLength { get; init; }

    /// <summary>When set, gradients are clipped to this global norm before every step (<see cref="GradientClipping.ClipByGlobalNorm"/>). Default null.</summary>
    public float? MaxGradientNorm { get; init; }

    /// <summary>When set, gives the optimizer's learning rate before every step; otherwise the optimizer's own rate stays. Default null.</summary>
    public ILearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>
    /// Early stopping: training ends once the validation loss has not improved for this many epochs in a row.
    /// Needs a validation set. Default null (train every epoch).
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>How much the validation loss must fall below the best so far to count as an improvement. Default 0.</summary>
    public double EarlyStoppingMinDelta { get; init; }

    /// <summary>
    /// Whether, when training ends with a validation set, the network gets back the parameters of the epoch
    /// with the lowest validation loss. Default true.
    /// </summary>
    public bool RestoreBestParameters { get; init; } = true;

    /// <summary>When set, a checkpoint is written to this file (atomically) every <see cref="CheckpointEveryEpochs"/> epochs and when training ends. Default null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>How many epochs lie between checkpoints. Default 1.</summary>
    public int CheckpointEveryEpochs { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 0, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEveryEpochs, 1, nameof(CheckpointEveryEpochs));
        if (TruncationLength is int truncation)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(truncation, 1, nameof(TruncationLength));
        }

        if (MaxGradientNorm is float maxNorm && !(maxNorm > 0 && float.IsFinite(maxNorm)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), maxNorm, "The largest gradient norm must be positive and finite.");
        }

        if (EarlyStoppingPatience is int patience)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1, nameof(EarlyStoppingPatience));
        }

        if (!(EarlyStoppingMinDelta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "The smallest improvement must be at least 0.");
        }

        if (CheckpointPath is not null && string.IsNullOrWhiteSpace(CheckpointPath))
        {
            throw new ArgumentException("The checkpoint path is blank.", nameof(CheckpointPath));
        }
    }
}
