using System;
using System.Globalization;
using System.IO;

namespace RnnGen.Samples.Forecast;

/// <summary>What the forecast sample reads, where it writes and how long it trains.</summary>
public sealed record ForecastOptions
{
    /// <summary>The epochs of a full run.</summary>
    public const int DefaultEpochs = 50;

    /// <summary>The command-line help.</summary>
    public static readonly string Usage =
        "usage: dotnet run --project samples/Forecast -- [--epochs N] [--data FILE] [--output DIRECTORY]\n" +
        $"  --epochs N          training epochs (default {DefaultEpochs}; fewer for a quick look)\n" +
        "  --data FILE         monthly CO2 CSV with Date and CO2 columns (default: the copy shipped with the sample)\n" +
        "  --output DIRECTORY  where the plots and the forecast table go (default: forecast-output)";

    /// <summary>The CO2 file shipped with the sample, copied beside the program.</summary>
    public static string ShippedDataPath => Path.Combine(AppContext.BaseDirectory, "data", "co2-concentration.csv");

    /// <summary>The CSV file of monthly readings.</summary>
    public string DataPath { get; init; } = ShippedDataPath;

    /// <summary>The directory for the plots and the forecast table, created if needed.</summary>
    public string OutputDirectory { get; init; } = "forecast-output";

    /// <summary>The training epochs, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>Reads the command line; on failure <paramref name="error"/> says what is wrong.</summary>
    /// <returns>Whether the arguments were valid; <paramref name="options"/> is null when they were not, or when help was asked for (then <paramref name="error"/> is null too).</returns>
    public static bool TryParse(string[] args, out ForecastOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = null;
        error = null;
        var parsed = new ForecastOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
            {
                return true;
            }

            if (name is not ("--epochs" or "--data" or "--output"))
            {
                error = $"unknown option '{name}'";
                return false;
            }

            if (i + 1 == args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }

            string value = args[++i];
            switch (name)
            {
                case "--epochs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int epochs) && epochs >= 1:
                    parsed = parsed with { Epochs = epochs };
                    break;
                case "--epochs":
                    error = $"--epochs needs a whole number of at least 1, not '{value}'";
                    return false;
                case "--data":
                    parsed = parsed with { DataPath = value };
                    break;
                default:
                    parsed = parsed with { OutputDirectory = value };
                    break;
            }
        }

        options = parsed;
        return true;
    }
}
