using System;
using System.Collections.Generic;
using System.Globalization;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples;

/// <summary>
/// Shows one training run's reports on its progress bar (epoch, training loss, validation loss if any) and keeps the
/// end-of-epoch losses for the loss plot.
/// </summary>
/// <remarks>
/// The trainer reports synchronously on its own thread. <see cref="Progress{T}"/> would post the reports to the
/// thread pool, where they could arrive late and out of order, so this class implements the interface itself.
/// </remarks>
internal sealed class TrainingProgressDisplay(ProgressTask task, string name, int epochs) : IProgress<TrainingProgress>
{
    private readonly List<double> _trainingLosses = [];
    private readonly List<double> _validationLosses = [];

    /// <summary>The mean training loss of every completed epoch.</summary>
    public IReadOnlyList<double> TrainingLosses => _trainingLosses;

    /// <summary>The validation loss after every completed epoch; empty without a validation set.</summary>
    public IReadOnlyList<double> ValidationLosses => _validationLosses;

    /// <summary>Runs <paramref name="training"/> under live progress bars, the columns every sample shows: the run's description, the bar, the percentage and the time so far.</summary>
    public static void Show(IAnsiConsole console, Action<ProgressContext> training) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(training);

    public void Report(TrainingProgress value)
    {
        task.Value = value.Epoch - 1 + ((double)value.Batch / value.BatchesPerEpoch);
        if (!value.IsEpochEnd)
        {
            return;
        }

        _trainingLosses.Add(value.TrainingLoss);
        string validation = string.Empty;
        if (value.ValidationLoss is double validationLoss)
        {
            _validationLosses.Add(validationLoss);
            validation = string.Create(CultureInfo.InvariantCulture, $"  validation {validationLoss:G3}");
        }

        task.Description = Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}  epoch {value.Epoch,3}/{epochs}  loss {value.TrainingLoss:G3}{validation}"));
    }
}
