using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace RnnGen.Tests.Package;

/// <summary>Runs the <c>dotnet</c> command line as a child process, the way a user builds and runs a project.</summary>
internal static class DotnetCli
{
    /// <summary>Far above a pack or build on a loaded 2-core machine (seconds), so that only a hang reaches it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns what it
    /// wrote to standard output; throws with the command and everything it printed unless it exits with 0.
    /// </summary>
    /// <param name="environment">Variables to set for the child on top of this process's environment.</param>
    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        DotnetResult result = Execute(workingDirectory, environment, arguments);
        if (result.ExitCode != 0)
        {
            throw new XunitException($"`{result.Command}` in {workingDirectory} exited with {result.ExitCode} after {result.Elapsed.TotalSeconds:F1} s.\n{Printed(result.Output, result.Error)}");
        }

        return result.Output;
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns how it ended,
    /// whatever its exit code; throws only when it hangs.
    /// </summary>
    public static DotnetResult Execute(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        string command = "dotnet " + string.Join(" ", arguments);
        var stopwatch = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new XunitException($"Could not start `{command}`.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Task.WaitAll(new Task[] { output, error }, TimeSpan.FromSeconds(5));
            throw new XunitException($"`{command}` in {workingDirectory} did not finish within {Timeout.TotalMinutes} minutes.\n{Printed(Completed(output), Completed(error))}");
        }

        // A process that outlives the command and holds its output open must not hang the test either.
        if (!Task.WaitAll(new Task[] { output, error }, TimeSpan.FromSeconds(30)))
        {
            throw new XunitException($"`{command}` exited but its output stayed open: a process it started still holds it.");
        }

        return new DotnetResult(command, process.ExitCode, output.Result, error.Result, stopwatch.Elapsed);
    }

    private static string Completed(Task<string> text) => text.IsCompletedSuccessfully ? text.Result : "(unavailable)";

    private static string Printed(string output, string error) => $"--- standard output ---\n{output}\n--- standard error ---\n{error}";
}

/// <summary>How a <c>dotnet</c> command ended: its exit code and what it printed.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed);
