using System;

namespace RnnGen.Training;

/// <summary>How a <see cref="Trainer{TTarget}.Fit"/> call ended.</summary>
public sealed record TrainingResult
{
    /// <summary>The epochs completed in all, including those before a resumed checkpoint.</summary>
    public required int CompletedEpochs { get; init; }

    /// <summary>Whether early stopping ended training before <see cref="TrainerOptions.Epochs"/>.</summary>
    public required bool StoppedEarly { get; init; }

    /// <summary>The last completed epoch's mean training loss; NaN if no epoch was completed.</summary>
    public required double FinalTrainingLoss { get; init; }

    /// <summary>The last completed epoch's validation loss, or null without a validation set.</summary>
    public required double? FinalValidationLoss { get; init; }

    /// <summary>The last completed epoch's validation metric (see <see cref="BestValidationMetric"/> for the restored parameters'), or null without a validation set and metric.</summary>
    public required double? FinalValidationMetric { get; init; }

    /// <summary>The epoch (from 1) with the lowest validation loss, or null without a validation set.</summary>
    public required int? BestEpoch { get; init; }

    /// <summary>The lowest validation loss, or null without a validation set.</summary>
    public required double? BestValidationLoss { get; init; }

    /// <summary>The validation metric of <see cref="BestEpoch"/>: that of the network after restoring; null without a validation set and metric.</summary>
    public required double? BestValidationMetric { get; init; }

    /// <summary>Whether the network was given back the parameters of <see cref="BestEpoch"/>.</summary>
    public required bool RestoredBestParameters { get; init; }

    /// <summary>The time this call took.</summary>
    public required TimeSpan Elapsed { get; init; }
}
