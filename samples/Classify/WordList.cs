using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RnnGen.Samples.Classify;

/// <summary>A word and the index (in <see cref="Languages.All"/>) of the language it belongs to.</summary>
public readonly record struct LabeledWord(string Word, int Language);

/// <summary>
/// Reads the labeled words: UTF-8 text with one <c>word&lt;TAB&gt;language code</c> per line, the word in lowercase
/// letters of <see cref="Languages.Alphabet"/>, the code one of <see cref="Languages.All"/>; blank lines are skipped.
/// </summary>
public static class WordList
{
    /// <summary>The fewest words that still leave some for training, validation and the held-out test.</summary>
    public const int FewestWords = 20;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, unreadable or malformed; the message names the file, the line and the problem.</exception>
    public static IReadOnlyList<LabeledWord> Read(string path) => Parse(DataFile.ReadText(path, "the word list").Split('\n'), path);

    /// <summary>Parses the lines of a word list; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="DataFileException">A line is not a word and a language code, or there are too few words.</exception>
    public static IReadOnlyList<LabeledWord> Parse(IReadOnlyList<string> lines, string path)
    {
        var words = new List<LabeledWord>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string where = $"{path}, line {i + 1}";
            string[] fields = line.Split('\t');
            if (fields.Length != 2)
            {
                throw new DataFileException($"{where}: expected a word, a tab and a language code, found \"{line}\".");
            }

            // Accented letters may come composed or as a letter plus a combining mark; the alphabet has the composed ones.
            string word = fields[0].Normalize(NormalizationForm.FormC);
            if (Languages.ProblemWith(word) is string problem)
            {
                throw new DataFileException($"{where}: {problem}");
            }

            int language = Languages.IndexOf(fields[1]);
            if (language < 0)
            {
                throw new DataFileException($"{where}: unknown language code \"{fields[1]}\"; expected one of {string.Join(", ", Languages.All.Select(l => l.Code))}.");
            }

            words.Add(new LabeledWord(word, language));
        }

        if (words.Count < FewestWords)
        {
            throw new DataFileException($"{path}: the word list has {words.Count} words; training needs at least {FewestWords}.");
        }

        return words;
    }

    /// <summary>
    /// At most <paramref name="perLanguage"/> words of each language, spread evenly over that language's words in file
    /// order (every k-th), so that a short run still sees words from the whole alphabet.
    /// </summary>
    public static IReadOnlyList<LabeledWord> Thin(IReadOnlyList<LabeledWord> words, int perLanguage)
    {
        var kept = new List<LabeledWord>();
        foreach (IGrouping<int, LabeledWord> language in words.GroupBy(w => w.Language))
        {
            LabeledWord[] all = language.ToArray();
            int stride = Math.Max(1, all.Length / perLanguage);
            for (int i = 0; i < all.Length && i / stride < perLanguage; i += stride)
            {
                kept.Add(all[i]);
            }
        }

        return kept;
    }
}
