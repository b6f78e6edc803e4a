using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RnnGen.Samples;

/// <summary>
/// A sample's arguments: options as <c>--name value</c> or <c>--name=value</c>, <c>--help</c> (or <c>-h</c>), and
/// positional arguments; everything after <c>--</c> is positional. Every problem is a <see cref="UsageException"/>
/// that names the option and what it accepts.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;

    private CommandLine(Dictionary<string, string> options, List<string> positional, bool helpRequested)
    {
        _options = options;
        Positional = positional;
        HelpRequested = helpRequested;
    }

    /// <summary>The arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Whether <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>Reads <paramref name="args"/>, accepting the options named in <paramref name="optionNames"/> (each with its <c>--</c>).</summary>
    /// <exception cref="UsageException">An option is unknown, repeated or lacks its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> optionNames)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        bool helpRequested = false;
        for (int i = 0; i < args.Count; i++)
        {
            string argument = args[i];
            if (argument == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (argument is "--help" or "-h")
            {
                helpRequested = true;
                continue;
            }

            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(argument);
                continue;
            }

            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? argument : argument[..equals];
            if (!optionNames.Contains(name))
            {
                throw new UsageException($"Unknown option {name}. The options are {string.Join(", ", optionNames)} and --help.");
            }

            string value;
            if (equals >= 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value.");
            }

            if (!options.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice.");
            }
        }

        return new CommandLine(options, positional, helpRequested);
    }

    /// <summary>The value of option <paramref name="name"/>, or null when it was not given.</summary>
    public string? Text(string name) => _options.GetValueOrDefault(name);

    /// <summary>The whole number given for <paramref name="name"/>, or <paramref name="defaultValue"/>.</summary>
    /// <exception cref="UsageException">The value is not a whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</exception>
    public int Integer(string name, int defaultValue, int minimum, int maximum) => OptionalInteger(name, minimum, maximum) ?? defaultValue;

    /// <summary>The whole number given for <paramref name="name"/>, or null when the option was not given.</summary>
    /// <exception cref="UsageException">The value is not a whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</exception>
    public int? OptionalInteger(string name, int minimum, int maximum)
    {
        if (Text(name) is not string text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum || value > maximum)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {minimum:N0} to {maximum:N0}; got \"{text}\"."));
        }

        return value;
    }

    /// <summary>The number given for <paramref name="name"/>, or null when the option was not given.</summary>
    /// <exception cref="UsageException">The value is not a number above <paramref name="exclusiveMinimum"/> and at most <paramref name="maximum"/>.</exception>
    public double? OptionalNumber(string name, double exclusiveMinimum, double maximum)
    {
        if (Text(name) is not string text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > exclusiveMinimum && value <= maximum))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number above {exclusiveMinimum} and at most {maximum}; got \"{text}\"."));
        }

        return value;
    }
}
