using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace RnnGen.Samples;

/// <summary>One <c>--name VALUE</c> option of a sample's command line.</summary>
/// <param name="Name">The option, with its dashes: <c>--epochs</c>.</param>
/// <param name="ValueName">How the help names its value: <c>N</c>.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Apply">Takes the value; returns null when it is valid, otherwise what is wrong with it.</param>
internal sealed record CommandLineOption(string Name, string ValueName, string Description, Func<string, string?> Apply);

/// <summary>How a command line was read: valid, help asked for, or the problem.</summary>
internal enum CommandLineOutcome
{
    /// <summary>Every option was valid and applied.</summary>
    Valid,

    /// <summary><c>--help</c> or <c>-h</c>: print the help and run nothing.</summary>
    HelpRequested,

    /// <summary>An option is unknown, lacks its value or has an invalid one.</summary>
    Invalid,
}

/// <summary>The samples' command lines: options of the form <c>--name VALUE</c>, in any order, and <c>--help</c>.</summary>
internal static class CommandLine
{
    /// <summary>
    /// Reads <paramref name="args"/> into a copy of <paramref name="defaults"/>: <paramref name="describe"/> gives the
    /// options, each of whose handlers updates the box it is given.
    /// </summary>
    /// <returns>False when the arguments are invalid (<paramref name="error"/> says why); true when they are valid or ask for help (then <paramref name="options"/> is null).</returns>
    public static bool TryParse<TOptions>(string[] args, TOptions defaults, Func<StrongBox<TOptions>, IReadOnlyList<CommandLineOption>> describe, out TOptions? options, out string? error)
        where TOptions : class
    {
        var parsed = new StrongBox<TOptions>(defaults);
        CommandLineOutcome outcome = Parse(args, describe(parsed), out error);
        options = outcome == CommandLineOutcome.Valid ? parsed.Value : null;
        return outcome != CommandLineOutcome.Invalid;
    }

    /// <summary>Applies each option in <paramref name="args"/>; on <see cref="CommandLineOutcome.Invalid"/>, <paramref name="error"/> says what is wrong.</summary>
    public static CommandLineOutcome Parse(string[] args, IReadOnlyList<CommandLineOption> options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return CommandLineOutcome.HelpRequested;
            }

            CommandLineOption? option = options.FirstOrDefault(candidate => candidate.Name == args[i]);
            if (option is null)
            {
                error = $"unknown option '{args[i]}'";
                return CommandLineOutcome.Invalid;
            }

            if (i + 1 == args.Length)
            {
                error = $"{option.Name} needs a value ({option.ValueName})";
                return CommandLineOutcome.Invalid;
            }

            if (option.Apply(args[++i]) is string problem)
            {
                error = $"{option.Name}: {problem}";
                return CommandLineOutcome.Invalid;
            }
        }

        return CommandLineOutcome.Valid;
    }

    /// <summary>The help: how to run <paramref name="project"/> and one line per option.</summary>
    public static string Usage(string project, IReadOnlyList<CommandLineOption> options)
    {
        var text = new StringBuilder($"usage: dotnet run --project {project} --");
        foreach (CommandLineOption option in options)
        {
            text.Append($" [{option.Name} {option.ValueName}]");
        }

        int width = options.Max(option => option.Name.Length + 1 + option.ValueName.Length);
        foreach (CommandLineOption option in options)
        {
            text.Append('\n').Append("  ").Append($"{option.Name} {option.ValueName}".PadRight(width)).Append("  ").Append(option.Description);
        }

        return text.ToString();
    }

    /// <summary>An option's value handler for whole numbers of at least <paramref name="minimum"/>.</summary>
    public static Func<string, string?> Integer(int minimum, Action<int> set) => value =>
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result) || result < minimum)
        {
            return $"expected a whole number of at least {minimum}, not '{value}'";
        }

        set(result);
        return null;
    };

    /// <summary>An option's value handler for numbers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Func<string, string?> Number(double minimum, double maximum, Action<double> set) => value =>
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) || !(result >= minimum && result <= maximum))
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected a number from {minimum} to {maximum}, not '{value}'");
        }

        set(result);
        return null;
    };

    /// <summary>An option's value handler for any text, such as a path.</summary>
    public static Func<string, string?> Text(Action<string> set) => value =>
    {
        set(value);
        return null;
    };
}
