using System;
using System.Collections.Generic;
using System.IO;

namespace RnnGen.Samples.Forecast;

/// <summary>What the forecast sample reads, where it writes and how long it trains.</summary>
public sealed record ForecastOptions : ISampleOptions
{
    /// <summary>The epochs of each training run in a full run.</summary>
    public const int DefaultEpochs = 50;

    /// <summary>The usage text that <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/Forecast -- [options]

        Trains an LSTM to forecast monthly CO2 at Mauna Loa 24 months ahead, reports its error on the held-out last
        24 months against seasonal-naive baselines, and writes plots of the forecast and of the loss curves.

        Options:
          --epochs N          training epochs of each of the two runs (default 50; 1 for a quick look)
          --data FILE         monthly CSV with Date and CO2 columns (default: data/co2-concentration.csv beside the program)
          --output DIRECTORY  where the plots and the forecast table go (default: forecast-output)
          --help              this text
        """;

    private static readonly string[] OptionNames = ["--epochs", "--data", "--output"];

    /// <summary>The CO2 file shipped with the sample, copied beside the program.</summary>
    public static string ShippedDataPath => Path.Combine(AppContext.BaseDirectory, "data", "co2-concentration.csv");

    /// <summary>The CSV file of monthly readings.</summary>
    public string DataPath { get; init; } = ShippedDataPath;

    /// <summary>The directory for the plots and the forecast table, created if needed.</summary>
    public string OutputDirectory { get; init; } = "forecast-output";

    /// <summary>The epochs of each training run, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>Whether the user asked for the usage text instead of a run.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <exception cref="UsageException">An option is unknown, repeated, lacks its value or has one the sample cannot use.</exception>
    internal static ForecastOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = CommandLine.Parse(args, OptionNames);
        if (commandLine.Positional.Count > 0)
        {
            throw new UsageException($"Unexpected argument \"{commandLine.Positional[0]}\"; the sample takes options only.");
        }

        var defaults = new ForecastOptions();
        return new ForecastOptions
        {
            DataPath = commandLine.Text("--data") ?? defaults.DataPath,
            OutputDirectory = commandLine.Text("--output") ?? defaults.OutputDirectory,
            Epochs = commandLine.Integer("--epochs", defaults.Epochs, 1, 10_000),
            HelpRequested = commandLine.HelpRequested,
        };
    }
}
