using System;

namespace RnnGen.Training;

/// <summary>
/// What a <see cref="Trainer{TTarget}"/> reports after every batch and, with <see cref="IsEpochEnd"/> set,
/// once more at the end of every epoch with the validation results.
/// </summary>
public readonly record struct TrainingProgress
{
    /// <summary>The epoch, counted from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>The batch within the epoch, counted from 1; at the epoch's end, the last batch.</summary>
    public int Batch { get; init; }

    /// <summary>The batches of every epoch.</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>Whether this is the end-of-epoch report.</summary>
    public bool IsEpochEnd { get; init; }

    /// <summary>The batch's mean training loss; at the epoch's end, the mean over all the epoch's contributing elements.</summary>
    public double TrainingLoss { get; init; }

    /// <summary>At the epoch's end with a validation set: the mean validation loss over the whole set; otherwise null.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>At the epoch's end with a validation set and metric: the metric over the whole set; otherwise null.</summary>
    public double? ValidationMetric { get; init; }

    /// <summary>The learning rate of the batch's last step.</summary>
    public double LearningRate { get; init; }

    /// <summary>The global gradient norm of the batch's last step, before clipping.</summary>
    public float GradientNorm { get; init; }

    /// <summary>The time since this <see cref="Trainer{TTarget}.Fit"/> call began.</summary>
    public TimeSpan Elapsed { get; init; }
}
