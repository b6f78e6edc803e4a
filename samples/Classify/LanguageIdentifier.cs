using System;
using System.Collections.Generic;

namespace RnnGen.Samples.Classify;

/// <summary>
/// Reads a word one letter at a time (one-hot over <see cref="Languages.Alphabet"/>) and, at its last letter, gives one
/// logit per language of <see cref="Languages.All"/>: the identity head feeds <c>SoftmaxCrossEntropy</c> directly.
/// </summary>
[RecurrentNetwork(CellType.Gru, inputSize: 50, hiddenSize: 64, OutputSize = 4)]
public partial class LanguageIdentifier;

/// <summary>A language the sample tells apart: its code in the data file and its name in reports.</summary>
public sealed record Language(string Code, string Name);

/// <summary>The four languages, in the order of the network's outputs, and the letters their words are written in.</summary>
public static class Languages
{
    /// <summary>The languages; a language's index here is its class index.</summary>
    public static IReadOnlyList<Language> All { get; } =
    [
        new("en", "English"),
        new("de", "German"),
        new("fr", "French"),
        new("es", "Spanish"),
    ];

    /// <summary>
    /// The letters of the four languages, lowercase, as data/select_words.py keeps them: the network's one-hot input,
    /// so its length is <see cref="LanguageIdentifier.InputSize"/>.
    /// </summary>
    internal static CharacterAlphabet Alphabet { get; } = CreateAlphabet();

    /// <summary>The longest word accepted: longer than the words of all four lists, short enough to keep batches small.</summary>
    public const int LongestWord = 64;

    /// <summary>The index of the language with code <paramref name="code"/>, or -1.</summary>
    public static int IndexOf(string code)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Why the network cannot read <paramref name="word"/> (too short, too long, a sign outside the alphabet), or null if it can.</summary>
    internal static string? ProblemWith(string word)
    {
        if (word.Length is 0 or > LongestWord)
        {
            return $"a word must have 1 to {LongestWord} letters; \"{word}\" has {word.Length}.";
        }

        int unknown = Alphabet.FirstUnknown(word);
        return unknown < 0 ? null : $"\"{word}\" has {CharacterAlphabet.Describe(word[unknown])}, which is not one of the lowercase letters {Alphabet.Characters}.";
    }

    private static CharacterAlphabet CreateAlphabet()
    {
        var alphabet = new CharacterAlphabet("abcdefghijklmnopqrstuvwxyz" + "äöüß" + "àâæçèéêëîïôœùûÿ" + "áíñóú");
        if (alphabet.Size != LanguageIdentifier.InputSize || All.Count != LanguageIdentifier.OutputSize)
        {
            throw new InvalidOperationException($"The network takes {LanguageIdentifier.InputSize} letters and gives {LanguageIdentifier.OutputSize} languages; the alphabet has {alphabet.Size} and the list {All.Count}.");
        }

        return alphabet;
    }
}
