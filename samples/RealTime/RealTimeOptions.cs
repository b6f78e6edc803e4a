using System.Collections.Generic;
using System.Globalization;

namespace RnnGen.Samples.RealTime;

/// <summary>How long the real-time sample trains, how much audio it streams and where it writes.</summary>
public sealed record RealTimeOptions : ISampleOptions
{
    /// <summary>The training epochs of a full run.</summary>
    public const int DefaultEpochs = 20;

    /// <summary>The seconds of audio streamed in a full run.</summary>
    public const double DefaultSeconds = 10;

    /// <summary>The fewest seconds of audio that may be streamed: fewer give too few steps for a latency distribution.</summary>
    public const double MinimumSeconds = 0.1;

    /// <summary>The most seconds of audio that may be streamed: its buffers stay near 100 MB.</summary>
    public const double MaximumSeconds = 300;

    /// <summary>The usage text that <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/RealTime -- [options]

        Trains an LSTM to imitate an overdrive effect (a low-pass filter feeding a soft clipper) on synthesized audio,
        then streams new 48 kHz audio through it one Step per sample and reports latency and real-time factor.

        Options:
          --epochs N          training epochs (default 20; 1 for a quick look)
          --seconds S         seconds of new audio to stream (default 10, at most 300)
          --output DIRECTORY  where the WAV files go (default: realtime-output)
          --help              this text
        """;

    private static readonly string[] OptionNames = ["--epochs", "--seconds", "--output"];

    /// <summary>The training epochs, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>The seconds of new audio streamed through the trained network.</summary>
    public double Seconds { get; init; } = DefaultSeconds;

    /// <summary>The directory for the WAV files, created if needed.</summary>
    public string OutputDirectory { get; init; } = "realtime-output";

    /// <summary>Whether the user asked for the usage text instead of a run.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <exception cref="UsageException">An option is unknown, repeated, lacks its value or has one the sample cannot use.</exception>
    internal static RealTimeOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = CommandLine.Parse(args, OptionNames);
        if (commandLine.Positional.Count > 0)
        {
            throw new UsageException($"Unexpected argument \"{commandLine.Positional[0]}\"; the sample takes options only.");
        }

        var defaults = new RealTimeOptions();
        double seconds = commandLine.OptionalNumber("--seconds", 0, MaximumSeconds) ?? defaults.Seconds;
        if (seconds < MinimumSeconds)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--seconds must be at least {MinimumSeconds}; got {seconds}."));
        }

        return new RealTimeOptions
        {
            Epochs = commandLine.Integer("--epochs", defaults.Epochs, 1, 10_000),
            Seconds = seconds,
            OutputDirectory = commandLine.Text("--output") ?? defaults.OutputDirectory,
            HelpRequested = commandLine.HelpRequested,
        };
    }
}
