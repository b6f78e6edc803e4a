using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static System.FormattableString;
using ScottPlot;

namespace RnnGen.Samples.Forecast;

/// <summary>The files the sample writes: the forecast plot, the loss plot and the forecast as a table.</summary>
/// <param name="ForecastPlot">PNG: the last years of history, the held-out truth, the network's forecast and the baselines'.</param>
/// <param name="LossPlot">PNG: the loss per epoch of both training runs, and the validation loss of the baseline the network corrects.</param>
/// <param name="ForecastTable">CSV: per test month, the truth, the network's forecast and the baselines'.</param>
public sealed record ForecastOutputs(string ForecastPlot, string LossPlot, string ForecastTable)
{
    // The forecast plot shows this much history before the test months, enough to see the trend and seasons.
    private const int HistoryMonthsShown = 96;
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>Writes the three files into the existing <paramref name="directory"/>; returns their full paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be written.</exception>
    public static ForecastOutputs Write(string directory, ForecastProblem problem, ForecastComparison test, ForecastErrors testErrors, LossCurves curves)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testErrors);
        ArgumentNullException.ThrowIfNull(curves);
        string fullDirectory = Path.GetFullPath(directory);
        var outputs = new ForecastOutputs(
            Path.Combine(fullDirectory, "forecast.png"),
            Path.Combine(fullDirectory, "loss.png"),
            Path.Combine(fullDirectory, "forecast.csv"));
        WriteForecastPlot(outputs.ForecastPlot, problem.Series, test, testErrors);
        WriteLossPlot(outputs.LossPlot, curves);
        WriteForecastTable(outputs.ForecastTable, problem.Series, test);
        return outputs;
    }

    private static void WriteForecastPlot(string path, MonthlySeries series, ForecastComparison test, ForecastErrors errors)
    {
        int origin = test.Origin;
        int firstShown = Math.Max(0, origin - HistoryMonthsShown + 1);
        double[] historyDates = Dates(series, firstShown, origin - firstShown + 1);

        // Each forecast line starts at the origin's known value, so it visibly leaves the history where that ends.
        double[] testDates = Dates(series, origin, test.Truth.Length + 1);
        double known = series.Values[origin];

        var plot = new Plot();
        AddLine(plot, historyDates, series.Values[firstShown..(origin + 1)], "history", Colors.Black, LinePattern.Solid);
        AddLine(plot, testDates, [known, .. test.Truth], "held-out truth", Colors.Black, LinePattern.Dotted);
        AddLine(plot, testDates, [known, .. test.SeasonalNaive], Invariant($"seasonal-naive, MAE {errors.SeasonalNaive:F2} ppm"), Colors.Gray, LinePattern.Dashed);
        AddLine(plot, testDates, [known, .. test.GrowingSeasonalNaive], Invariant($"seasonal-naive + past year's growth, MAE {errors.GrowingSeasonalNaive:F2} ppm"), Colors.SteelBlue, LinePattern.Dashed);
        AddLine(plot, testDates, [known, .. test.Network], Invariant($"LSTM, MAE {errors.Network:F2} ppm"), Colors.OrangeRed, LinePattern.Solid);
        var testStart = plot.Add.VerticalLine(testDates[0]);
        testStart.Color = Colors.Gray;
        testStart.LinePattern = LinePattern.Dotted;
        plot.Axes.DateTimeTicksBottom();
        plot.Title(Invariant($"Monthly CO2 at Mauna Loa: {test.Truth.Length}-month forecast from {series.Month(origin):yyyy-MM}"));
        plot.YLabel("CO2 (ppm)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    private static void WriteLossPlot(string path, LossCurves curves)
    {
        var plot = new Plot();
        AddLine(plot, Epochs(curves.ValidationRunTraining), [.. curves.ValidationRunTraining], "validation run: training", Colors.SteelBlue, LinePattern.Solid);
        AddLine(plot, Epochs(curves.Validation), [.. curves.Validation], "validation run: validation", Colors.OrangeRed, LinePattern.Solid);
        AddLine(plot, Epochs(curves.FinalFitTraining), [.. curves.FinalFitTraining], "final fit: training", Colors.Black, LinePattern.Dashed);
        var baseline = plot.Add.HorizontalLine(curves.ValidationBaseline);
        baseline.Color = Colors.OrangeRed;
        baseline.LinePattern = LinePattern.Dotted;
        baseline.LegendText = "validation: seasonal-naive + past year's growth alone";
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top);
        plot.Title("Loss per epoch");
        plot.XLabel("epoch");
        plot.YLabel("mean squared error of the correction (scaled)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    private static void WriteForecastTable(string path, MonthlySeries series, ForecastComparison test)
    {
        var text = new StringBuilder("month,truth_ppm,lstm_ppm,seasonal_naive_ppm,seasonal_naive_plus_growth_ppm\n");
        for (int i = 0; i < test.Truth.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{series.Month(test.Origin + 1 + i):yyyy-MM},{test.Truth[i]:F2},{test.Network[i]:F3},{test.SeasonalNaive[i]:F2},{test.GrowingSeasonalNaive[i]:F3}\n");
        }

        File.WriteAllText(path, text.ToString());
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.LinePattern = pattern;
    }

    private static double[] Dates(MonthlySeries series, int first, int count) =>
        Enumerable.Range(first, count).Select(month => series.Month(month).ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();

    private static double[] Epochs(IReadOnlyList<double> losses) => Enumerable.Range(1, losses.Count).Select(epoch => (double)epoch).ToArray();

}
