using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using RnnGen.Kernels;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples;

/// <summary>A validation measure shown for each epoch: its name and how one end-of-epoch report shows it.</summary>
internal sealed record EpochMeasure(string Name, Func<TrainingProgress, string> Value);

/// <summary>Training as a user watches it: a live progress bar over all batches, and a line for every finished epoch.</summary>
internal static class TrainingDisplay
{
    /// <summary>
    /// Runs <paramref name="trainer"/> under a progress bar over all batches of all epochs, showing the epoch and the latest
    /// batch loss; each finished epoch prints a line with its training loss and <paramref name="measures"/>. Then says which
    /// epoch's parameters the network kept.
    /// </summary>
    public static TrainingResult Fit<TTarget>(
        IAnsiConsole console,
        Trainer<TTarget> trainer,
        SequenceDataset<TTarget> training,
        SequenceDataset<TTarget>? validation,
        IReadOnlyList<EpochMeasure> measures,
        CancellationToken cancellationToken)
        where TTarget : unmanaged
    {
        TrainingResult result = console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 40 }, new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var reporter = new ProgressReporter(console, context.AddTask("Training", maxValue: 1), trainer.Options.Epochs, measures);
                return trainer.Fit(training, validation, reporter, cancellationToken);
            });
        if (result.RestoredBestParameters)
        {
            console.MarkupLine(Markup.Escape($"Kept the parameters of epoch {result.BestEpoch}, the lowest validation loss."));
        }

        return result;
    }

    /// <summary>One line on the network: its cell and sizes, what its inputs and outputs mean, and the instruction set it runs on.</summary>
    public static void DescribeNetwork(IAnsiConsole console, IRecurrentNetwork network, string inputs, string outputs)
    {
        string layers = network.Layers == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" × {network.Layers} layers");
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Network: {network.Cell.ToString().ToUpperInvariant()}, {network.InputSize} {inputs} → {network.HiddenSize} hidden{layers} → {network.OutputSize} {outputs}, {network.ParameterCount:N0} parameters; instruction set {InstructionSets.Active}.")));
    }

    // Reports arrive on the training thread in order. Lines written while the bar is live are printed above it.
    private sealed class ProgressReporter(IAnsiConsole console, ProgressTask task, int epochs, IReadOnlyList<EpochMeasure> measures) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (!value.IsEpochEnd)
            {
                task.MaxValue = (double)epochs * value.BatchesPerEpoch;
                task.Value = ((double)(value.Epoch - 1) * value.BatchesPerEpoch) + value.Batch;
                task.Description = string.Create(CultureInfo.InvariantCulture, $"Epoch {value.Epoch}/{epochs}, batch loss {value.TrainingLoss:F3}");
                return;
            }

            var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"Epoch {value.Epoch,3}: training loss {value.TrainingLoss:F4}") };
            foreach (EpochMeasure measure in measures)
            {
                parts.Add($"{measure.Name} {measure.Value(value)}");
            }

            console.MarkupLine(Markup.Escape(string.Join(", ", parts)));
        }
    }
}
