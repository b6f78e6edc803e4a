using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples.Forecast;

/// <summary>
/// The forecast sample: reads monthly CO2 at Mauna Loa, trains a generated LSTM to forecast 24 months ahead, compares
/// its forecast of the held-out last 24 months with seasonal-naive baselines, and writes plots and a table.
/// </summary>
/// <remarks>
/// Two training runs follow the same recipe (<see cref="TrainerRecipe"/>) from the same initial parameters. The
/// validation run trains on the older origins and is scored on later ones it never saw, which shows how the recipe
/// does on unseen years. The final fit then trains on every origin whose horizon ends before the test months, so
/// that the forecast is made by a network that has seen the most recent growth, as a forecaster would in practice.
/// </remarks>
public static class ForecastSample
{
    private const int InitializationSeed = 1;
    private const int ShuffleSeed = 2;

    /// <summary>Runs the sample with the command line <paramref name="args"/> and returns the process's exit code (see <see cref="SampleRunner"/>).</summary>
    /// <param name="args">The command line; <c>--help</c> lists the options.</param>
    /// <param name="console">Receives the report and the progress bars.</param>
    /// <param name="errors">Receives the one-line message of a problem with the command line, the data file or the output directory.</param>
    /// <param name="cancellationToken">Stops the training between batches.</param>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken) =>
        SampleRunner.Run(console, errors, ForecastOptions.Usage, () => ForecastOptions.Parse(args), options => Forecast(options, console, cancellationToken));

    private static void Forecast(ForecastOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        MonthlySeries series = ReadSeries(options.DataPath);
        string outputDirectory = OutputDirectory.Create(options.OutputDirectory, "the results");
        var problem = ForecastProblem.Create(series);
        DescribeSplits(console, options, problem);
        var (validationRun, finalFit, curves) = Train(console, problem, options.Epochs, cancellationToken);

        ForecastErrors validationErrors = ForecastErrors.Measure(problem, validationRun, problem.FirstValidationOrigin, problem.LastValidationOrigin);
        ForecastErrors testErrors = ForecastErrors.Measure(problem, finalFit, problem.TestOrigin, problem.TestOrigin);
        ForecastComparison test = ForecastComparison.At(problem, finalFit, problem.TestOrigin);
        console.WriteLine($"Validation run, forecasts from {Months(series, problem.FirstValidationOrigin, problem.LastValidationOrigin)}:");
        WriteErrors(console, validationErrors);
        console.WriteLine($"Held-out test, {Months(series, problem.TestOrigin + 1, series.Count - 1)}, forecast by the final fit from {Month(series, problem.TestOrigin)}:");
        WriteErrors(console, testErrors);
        WriteVerdict(console, testErrors);

        try
        {
            ForecastOutputs outputs = ForecastOutputs.Write(outputDirectory, problem, test, testErrors, curves);
            console.WriteLine();
            console.WriteLine($"Forecast plot:  {outputs.ForecastPlot}");
            console.WriteLine($"Loss curves:    {outputs.LossPlot}");
            console.WriteLine($"Forecast table: {outputs.ForecastTable}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write the results to {options.OutputDirectory}: {exception.Message}", exception);
        }
    }

    /// <summary>How both runs train: Adam under a cosine schedule, clipped gradients, fixed seeds.</summary>
    public static TrainerOptions TrainerRecipe(int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = 32,
        Seed = ShuffleSeed,
        MaxGradientNorm = 1f,
        LearningRateSchedule = new CosineSchedule(initialRate: 3e-3, epochs: epochs, minimumRate: 1e-4),

        // The validation run reports how the recipe's last epoch does on unseen years; picking the epoch with the
        // best validation loss would tune to the validation set and make that report optimistic.
        RestoreBestParameters = false,
    };

    private static MonthlySeries ReadSeries(string path)
    {
        MonthlySeries series = Co2Csv.Read(path);
        if (series.Count < ForecastProblem.MinimumMonths)
        {
            throw new DataFileException(
                $"{path}: the file has {series.Count} months ({Month(series, 0)} to {Month(series, series.Count - 1)}); training, validation " +
                $"and a {ForecastProblem.TestMonths}-month test need at least {ForecastProblem.MinimumMonths}.");
        }

        return series;
    }

    private static void DescribeSplits(IAnsiConsole console, ForecastOptions options, ForecastProblem problem)
    {
        MonthlySeries series = problem.Series;
        string filled = series.FilledMonths == 0 ? string.Empty : $", {series.FilledMonths} missing filled in";
        console.MarkupLine("[bold]Forecasting monthly CO2 at Mauna Loa 24 months ahead with a generated LSTM[/]");
        console.WriteLine($"Data: {options.DataPath}");
        console.WriteLine($"  {series.Count} months, {Month(series, 0)} to {Month(series, series.Count - 1)}{filled}");
        console.WriteLine($"Each forecast reads the {ForecastProblem.ContextMonths} months up to its origin (the last known month).");
        console.WriteLine($"  training origins    {Months(series, problem.FirstTrainingOrigin, problem.LastTrainingOrigin)}");
        console.WriteLine($"  validation origins  {Months(series, problem.FirstValidationOrigin, problem.LastValidationOrigin)}");
        console.WriteLine($"  final fit origins   {Months(series, problem.FirstTrainingOrigin, problem.LastValidationOrigin)}");
        console.WriteLine($"  test (held out)     {Months(series, problem.TestOrigin + 1, series.Count - 1)}, forecast from {Month(series, problem.TestOrigin)}");
        console.WriteLine();
        console.WriteLine($"LSTM, {Co2Forecaster.ParameterCount:N0} parameters, {options.Epochs} epochs per run; the loss is the mean");
        console.WriteLine("squared error of the correction to seasonal-naive + past year's growth, scaled.");
    }

    private static (Co2Forecaster ValidationRun, Co2Forecaster FinalFit, LossCurves Curves) Train(IAnsiConsole console, ForecastProblem problem, int epochs, CancellationToken cancellationToken)
    {
        var validationRun = new Co2Forecaster();
        var finalFit = new Co2Forecaster();
        SequenceDataset<float> validation = problem.ValidationSet();
        TrainingProgressDisplay validationDisplay = null!;
        TrainingProgressDisplay finalDisplay = null!;
        TrainingProgressDisplay.Show(
            console,
            context =>
            {
                ProgressTask validationTask = context.AddTask("validation run", maxValue: epochs);
                ProgressTask finalTask = context.AddTask("final fit", autoStart: false, maxValue: epochs);
                validationDisplay = new TrainingProgressDisplay(validationTask, "validation run", epochs);
                Fit(validationRun, problem.TrainingSet(), validation, validationDisplay, epochs, cancellationToken);
                finalTask.StartTask();
                finalDisplay = new TrainingProgressDisplay(finalTask, "final fit     ", epochs);
                Fit(finalFit, problem.FinalFitSet(), validation: null, finalDisplay, epochs, cancellationToken);
            });
        console.WriteLine();
        var curves = new LossCurves(validationDisplay.TrainingLosses, validationDisplay.ValidationLosses, finalDisplay.TrainingLosses, LossWithoutCorrection(validation));
        return (validationRun, finalFit, curves);
    }

    // The targets are corrections to the baseline, so outputs of zero are the baseline alone: their mean squared
    // error, as the trainer's loss measures it, is the mean squared target.
    private static double LossWithoutCorrection(SequenceDataset<float> data)
    {
        double sumOfSquares = 0;
        long count = 0;
        foreach (SequenceSample<float> sample in data)
        {
            foreach (float target in sample.Targets.Span)
            {
                sumOfSquares += target * target;
                count++;
            }
        }

        return sumOfSquares / count;
    }

    private static void Fit(Co2Forecaster network, SequenceDataset<float> training, SequenceDataset<float>? validation, IProgress<TrainingProgress> progress, int epochs, CancellationToken cancellationToken)
    {
        network.InitializeParameters(InitializationSeed);
        var trainer = new Trainer<float>(network, new Adam(Co2Forecaster.ParameterCount), MeanSquaredError.LastStep, TrainerRecipe(epochs));
        trainer.Fit(training, validation, progress, cancellationToken);
    }

    private static void WriteErrors(IAnsiConsole console, ForecastErrors errors)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  LSTM                                 MAE {errors.Network,6:F3} ppm"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seasonal-naive (last year repeated)  MAE {errors.SeasonalNaive,6:F3} ppm"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seasonal-naive + past year's growth  MAE {errors.GrowingSeasonalNaive,6:F3} ppm"));
    }

    private static void WriteVerdict(IAnsiConsole console, ForecastErrors errors)
    {
        double reduction = 1 - (errors.Network / errors.SeasonalNaive);
        console.WriteLine(reduction > 0
            ? string.Create(CultureInfo.InvariantCulture, $"The LSTM beats the seasonal-naive baseline: {reduction * 100:F0}% lower error.")
            : string.Create(CultureInfo.InvariantCulture, $"The LSTM does not beat the seasonal-naive baseline: {-reduction * 100:F0}% higher error."));
    }

    private static string Month(MonthlySeries series, int index) => series.Month(index).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Months(MonthlySeries series, int first, int last) => $"{Month(series, first)} to {Month(series, last)} ({last - first + 1})";
}
