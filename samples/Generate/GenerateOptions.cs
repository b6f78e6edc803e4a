using System;
using System.Collections.Generic;
using System.IO;

namespace RnnGen.Samples.Generate;

/// <summary>What the Generate sample is asked to do.</summary>
public sealed record GenerateOptions : ISampleOptions
{
    /// <summary>The usage text that <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/Generate -- [options]

        Trains a character-level GRU on The Devil's Dictionary (A to Liberty), reports its held-out bits per
        character against a unigram model, then writes new text from a prompt at temperatures 0.5 and 1.0.

        Options:
          --epochs N           passes over the training text (default 14)
          --temperature T      sample at this temperature only, above 0 and at most 10 (default: 0.5 and 1.0)
          --length N           characters to write per sample (default 400)
          --prompt TEXT        the text the samples start from (default "COMPUTER, n.  ")
          --max-characters N   learn from at most the first N characters of the text (default: all)
          --seed N             seeds the initial weights, the shuffling and the sampling (default 1)
          --data PATH          the text: newlines and printable ASCII (default: data/devils-dictionary-a-to-liberty.txt beside the program)
          --help               this text
        """;

    /// <summary>The temperatures sampled at when none is given: the cautious and the model's own distribution.</summary>
    public static IReadOnlyList<double> DefaultTemperatures { get; } = [0.5, 1.0];

    private static readonly string[] OptionNames = ["--epochs", "--temperature", "--length", "--prompt", "--max-characters", "--seed", "--data"];

    /// <summary>The text to learn.</summary>
    public string DataPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "data", "devils-dictionary-a-to-liberty.txt");

    /// <summary>The passes over the training text.</summary>
    public int Epochs { get; init; } = 14;

    /// <summary>The temperatures to sample at, one sample each.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = DefaultTemperatures;

    /// <summary>The characters each sample writes after the prompt.</summary>
    public int Length { get; init; } = 400;

    /// <summary>The text every sample starts from, within the model's alphabet.</summary>
    public string Prompt { get; init; } = "COMPUTER, n.  ";

    /// <summary>When set, only the first this many characters of the text are used.</summary>
    public int? MaxCharacters { get; init; }

    /// <summary>Seeds the network's initial weights, the trainer's shuffling and the sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Whether the user asked for the usage text instead of a run.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <exception cref="UsageException">An option is not acceptable; the message says which and why.</exception>
    internal static GenerateOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = CommandLine.Parse(args, OptionNames);
        if (commandLine.Positional.Count > 0)
        {
            throw new UsageException($"Unexpected argument \"{commandLine.Positional[0]}\"; the sample takes only options.");
        }

        var defaults = new GenerateOptions();
        string prompt = commandLine.Text("--prompt") ?? defaults.Prompt;
        int unknown = TextAlphabet.Characters.FirstUnknown(prompt);
        if (prompt.Length == 0 || unknown >= 0)
        {
            string problem = prompt.Length == 0 ? "it is empty" : $"it has {CharacterAlphabet.Describe(prompt[unknown])}";
            throw new UsageException($"--prompt must be printable ASCII text the model can read; {problem}.");
        }

        double? temperature = commandLine.OptionalNumber("--temperature", 0, 10);
        return new GenerateOptions
        {
            DataPath = commandLine.Text("--data") ?? defaults.DataPath,
            Epochs = commandLine.Integer("--epochs", defaults.Epochs, 1, 1_000),
            Temperatures = temperature is double only ? [only] : DefaultTemperatures,
            Length = commandLine.Integer("--length", defaults.Length, 1, 100_000),
            Prompt = prompt,
            MaxCharacters = commandLine.OptionalInteger("--max-characters", TextCorpus.FewestCharacters, int.MaxValue),
            Seed = commandLine.Integer("--seed", defaults.Seed, int.MinValue, int.MaxValue),
            HelpRequested = commandLine.HelpRequested,
        };
    }
}
