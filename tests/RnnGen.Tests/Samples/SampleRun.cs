using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using RnnGen.Tests.Weights;
using Spectre.Console;

namespace RnnGen.Tests.Samples;

/// <summary>A sample's public entry point, as its Program calls it.</summary>
internal delegate int SampleEntryPoint(IReadOnlyList<string> args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken);

/// <summary>
/// A sample run in process with its console and error stream recorded: plain text (no colors, no cursor movement),
/// as when the output is redirected to a file.
/// </summary>
internal sealed class SampleRun
{
    /// <summary>The exit code of a missing, unreadable or malformed data file.</summary>
    public const int DataFileError = 1;

    /// <summary>The exit code of a command line the sample does not accept.</summary>
    public const int UsageError = 2;

    /// <summary>The exit code of a result that cannot be written.</summary>
    public const int OutputError = 3;

    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    public SampleRun()
    {
        Terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
        Terminal.Profile.Width = 160;
    }

    public IAnsiConsole Terminal { get; }

    public string Output => _output.ToString();

    public string Errors => _errors.ToString();

    /// <summary>Every number in the output that follows <paramref name="label"/> and whitespace, in order.</summary>
    public double[] NumbersAfter(string label) =>
        Regex.Matches(Output, Regex.Escape(label) + @"\s+(-?[0-9][0-9.,]*(?:E[-+]?[0-9]+)?)")
            .Select(match => double.Parse(match.Groups[1].Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>Runs <paramref name="entryPoint"/> with <paramref name="args"/> and returns its exit code.</summary>
    public int Run(SampleEntryPoint entryPoint, params string[] args) => entryPoint(args, Terminal, _errors, CancellationToken.None);

    /// <summary>
    /// That the sample, run on a data file holding <paramref name="contents"/> as UTF-8, fails as a user expects: a data
    /// file error whose message names the file and has each of <paramref name="expected"/>.
    /// </summary>
    public static void AssertRejectsDataFile(SampleEntryPoint entryPoint, string contents, params string[] expected) =>
        AssertRejectsDataFile(entryPoint, Encoding.UTF8.GetBytes(contents), expected);

    /// <summary>The same for a data file holding <paramref name="contents"/>.</summary>
    public static void AssertRejectsDataFile(SampleEntryPoint entryPoint, byte[] contents, params string[] expected)
    {
        using var scratch = new ScratchDirectory("sample");
        string path = scratch.File("data");
        File.WriteAllBytes(path, contents);
        AssertRejects(entryPoint, ["--data", path], DataFileError, [path, .. expected]);
    }

    /// <summary>
    /// That the sample, run with <paramref name="args"/>, fails as a user expects: the expected exit code, nothing on the
    /// console, and one short message on the error stream with each of <paramref name="expected"/> and no stack trace.
    /// </summary>
    public static void AssertRejects(SampleEntryPoint entryPoint, string[] args, int expectedExitCode, params string[] expected)
    {
        var run = new SampleRun();

        int exitCode = run.Run(entryPoint, args);

        Assert.Equal(expectedExitCode, exitCode);
        foreach (string text in expected)
        {
            Assert.Contains(text, run.Errors, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Errors, StringComparison.Ordinal);
        Assert.True(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 2, $"expected one message, got:\n{run.Errors}");
        Assert.Empty(run.Output);
    }
}
