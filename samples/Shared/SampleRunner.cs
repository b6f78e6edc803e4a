using System;
using System.IO;
using System.Threading;
using Spectre.Console;

namespace RnnGen.Samples;

/// <summary>Runs a sample's body and turns the failures a user can cause into one line on the error stream and an exit code.</summary>
internal static class SampleRunner
{
    /// <summary>The sample ran to the end.</summary>
    public const int Success = 0;

    /// <summary>The data file is missing, unreadable or malformed.</summary>
    public const int DataFileError = 1;

    /// <summary>The command line was not understood.</summary>
    public const int UsageError = 2;

    /// <summary>A result could not be written.</summary>
    public const int OutputError = 3;

    /// <summary>Cancelled with Ctrl+C, as a shell reports SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Parses the options and runs the sample with them (or, for <c>--help</c>, writes <paramref name="usage"/>), returning
    /// the exit code. A <see cref="UsageException"/>, <see cref="DataFileException"/>, <see cref="OutputException"/> or cancellation becomes its message
    /// on <paramref name="errors"/> and the matching code; other exceptions are bugs and propagate with their stack trace.
    /// </summary>
    public static int Run<TOptions>(IAnsiConsole console, TextWriter errors, string usage, Func<TOptions> parse, Action<TOptions> run)
        where TOptions : ISampleOptions
    {
        try
        {
            TOptions options = parse();
            if (options.HelpRequested)
            {
                console.WriteLine(usage);
            }
            else
            {
                run(options);
            }

            return Success;
        }
        catch (UsageException exception)
        {
            errors.WriteLine(exception.Message);
            errors.WriteLine("Run with --help to see the options.");
            return UsageError;
        }
        catch (DataFileException exception)
        {
            errors.WriteLine(exception.Message);
            return DataFileError;
        }
        catch (OutputException exception)
        {
            errors.WriteLine(exception.Message);
            return OutputError;
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine("Cancelled.");
            return Cancelled;
        }
    }
}

/// <summary>What every sample's options say besides their own settings.</summary>
internal interface ISampleOptions
{
    /// <summary>Whether the user asked for the usage text instead of a run.</summary>
    bool HelpRequested { get; }
}

/// <summary>A cancellation token that Ctrl+C cancels (instead of killing the process mid-write), for a sample's Program.</summary>
internal sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public ConsoleCancellation() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
