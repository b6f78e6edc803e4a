using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace RnnGen.Samples.Classify;

/// <summary>What the Classify sample is asked to do.</summary>
public sealed record ClassifyOptions : ISampleOptions
{
    /// <summary>The usage text that <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/Classify -- [options] [word ...]

        Trains a character-level GRU to tell English, German, French and Spanish words apart, reports its accuracy
        on held-out words against always guessing the most common language, then labels each word given.

        Options:
          --epochs N               passes over the training words (default 10)
          --words-per-language N   train on at most N words of each language, spread over the list (default: all)
          --seed N                 seeds the split, the initial weights and the shuffling (default 1)
          --data PATH              the word list: word<TAB>language code per line (default: data/words.tsv beside the program)
          --help                   this text
        """;

    private static readonly string[] OptionNames = ["--epochs", "--words-per-language", "--seed", "--data"];

    /// <summary>The word list to train and test on.</summary>
    public string DataPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "data", "words.tsv");

    /// <summary>The passes over the training words.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>When set, at most this many words of each language are used.</summary>
    public int? WordsPerLanguage { get; init; }

    /// <summary>Seeds the split of the words, the network's initial weights and the trainer's shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Words to label after training, lowercase and composed (NFC), each within the network's alphabet.</summary>
    public IReadOnlyList<string> WordsToLabel { get; init; } = [];

    /// <summary>Whether the user asked for the usage text instead of a run.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <exception cref="UsageException">An option or a word to label is not acceptable; the message says which and why.</exception>
    internal static ClassifyOptions Parse(IReadOnlyList<string> args)
    {
        var commandLine = CommandLine.Parse(args, OptionNames);
        var defaults = new ClassifyOptions();
        var words = new List<string>();
        foreach (string given in commandLine.Positional)
        {
            words.Add(NormalizeWord(given));
        }

        return new ClassifyOptions
        {
            DataPath = commandLine.Text("--data") ?? defaults.DataPath,
            Epochs = commandLine.Integer("--epochs", defaults.Epochs, 1, 1_000),
            WordsPerLanguage = commandLine.OptionalInteger("--words-per-language", 5, 1_000_000),
            Seed = commandLine.Integer("--seed", defaults.Seed, int.MinValue, int.MaxValue),
            WordsToLabel = words,
            HelpRequested = commandLine.HelpRequested,
        };
    }

    // Checked before training, so a typo costs no minute of waiting.
    private static string NormalizeWord(string given)
    {
        string word = given.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        if (Languages.ProblemWith(word) is string problem)
        {
            throw new UsageException($"Cannot label \"{given}\": {problem}");
        }

        return word;
    }
}
