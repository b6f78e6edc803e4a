using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace RnnGen.Samples.Forecast;

/// <summary>What the forecast sample reads, where it writes and how long it trains.</summary>
public sealed record ForecastOptions
{
    /// <summary>The epochs of each training run in a full run.</summary>
    public const int DefaultEpochs = 50;

    /// <summary>The CO2 file shipped with the sample, copied beside the program.</summary>
    public static string ShippedDataPath => Path.Combine(AppContext.BaseDirectory, "data", "co2-concentration.csv");

    /// <summary>The command-line help.</summary>
    public static string Usage => CommandLine.Usage("samples/Forecast", Options(new StrongBox<ForecastOptions>(new ForecastOptions())));

    /// <summary>The CSV file of monthly readings.</summary>
    public string DataPath { get; init; } = ShippedDataPath;

    /// <summary>The directory for the plots and the forecast table, created if needed.</summary>
    public string OutputDirectory { get; init; } = "forecast-output";

    /// <summary>The epochs of each training run, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>Reads the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options when the arguments are valid and ask for a run; otherwise null.</param>
    /// <param name="error">What is wrong when the arguments are invalid; otherwise null.</param>
    /// <returns>False when the arguments are invalid; true when they are valid or ask for help (then <paramref name="options"/> is null).</returns>
    public static bool TryParse(string[] args, out ForecastOptions? options, out string? error) =>
        CommandLine.TryParse(args, new ForecastOptions(), Options, out options, out error);

    private static CommandLineOption[] Options(StrongBox<ForecastOptions> parsed) =>
    [
        new("--epochs", "N", $"training epochs of each of the two runs (default {DefaultEpochs}; 1 for a quick look)",
            CommandLine.Integer(minimum: 1, epochs => parsed.Value = parsed.Value! with { Epochs = epochs })),
        new("--data", "FILE", "monthly CSV with Date and CO2 columns (default: the copy shipped with the sample)",
            CommandLine.Text(path => parsed.Value = parsed.Value! with { DataPath = path })),
        new("--output", "DIRECTORY", "where the plots and the forecast table go (default: forecast-output)",
            CommandLine.Text(directory => parsed.Value = parsed.Value! with { OutputDirectory = directory })),
    ];
}
