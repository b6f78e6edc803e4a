using System;

namespace RnnGen.Samples;

/// <summary>What every sample's <c>Main</c> does: read the options, print the help or the problem, or run.</summary>
internal static class SampleEntryPoint
{
    /// <summary>Reads a command line into options, as the samples' <c>TryParse</c> methods do.</summary>
    public delegate bool OptionsParser<TOptions>(string[] args, out TOptions? options, out string? error);

    /// <summary>Runs <paramref name="run"/> on the options in <paramref name="args"/> and returns its exit code; 2 for an invalid command line, 0 after printing the help.</summary>
    public static int Run<TOptions>(string[] args, OptionsParser<TOptions> parse, string usage, Func<TOptions, int> run)
        where TOptions : class
    {
        if (!parse(args, out TOptions? options, out string? error))
        {
            Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine(usage);
            return 2;
        }

        if (options is null)
        {
            Console.WriteLine(usage);
            return 0;
        }

        return run(options);
    }
}
