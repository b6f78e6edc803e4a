using System.Runtime.CompilerServices;

namespace RnnGen.Samples.RealTime;

/// <summary>How long the real-time sample trains, how much audio it streams and where it writes.</summary>
public sealed record RealTimeOptions
{
    /// <summary>The training epochs of a full run.</summary>
    public const int DefaultEpochs = 20;

    /// <summary>The seconds of audio streamed in a full run.</summary>
    public const double DefaultSeconds = 10;

    /// <summary>The most seconds of audio that may be streamed: its buffers stay near 100 MB.</summary>
    public const double MaximumSeconds = 300;

    /// <summary>The command-line help.</summary>
    public static string Usage => CommandLine.Usage("samples/RealTime", Options(new StrongBox<RealTimeOptions>(new RealTimeOptions())));

    /// <summary>The training epochs, at least 1.</summary>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>The seconds of new audio streamed through the trained network.</summary>
    public double Seconds { get; init; } = DefaultSeconds;

    /// <summary>The directory for the WAV files, created if needed.</summary>
    public string OutputDirectory { get; init; } = "realtime-output";

    /// <summary>Reads the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">The options when the arguments are valid and ask for a run; otherwise null.</param>
    /// <param name="error">What is wrong when the arguments are invalid; otherwise null.</param>
    /// <returns>False when the arguments are invalid; true when they are valid or ask for help (then <paramref name="options"/> is null).</returns>
    public static bool TryParse(string[] args, out RealTimeOptions? options, out string? error) =>
        CommandLine.TryParse(args, new RealTimeOptions(), Options, out options, out error);

    private static CommandLineOption[] Options(StrongBox<RealTimeOptions> parsed) =>
    [
        new("--epochs", "N", $"training epochs (default {DefaultEpochs}; 1 for a quick look)",
            CommandLine.Integer(minimum: 1, epochs => parsed.Value = parsed.Value! with { Epochs = epochs })),
        new("--seconds", "S", $"seconds of new audio to stream (default {DefaultSeconds}, at most {MaximumSeconds})",
            CommandLine.Number(minimum: 0.1, maximum: MaximumSeconds, seconds => parsed.Value = parsed.Value! with { Seconds = seconds })),
        new("--output", "DIRECTORY", "where the WAV files go (default: realtime-output)",
            CommandLine.Text(directory => parsed.Value = parsed.Value! with { OutputDirectory = directory })),
    ];
}
