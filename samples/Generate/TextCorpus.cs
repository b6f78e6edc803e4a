using System;

namespace RnnGen.Samples.Generate;

/// <summary>
/// Reads the text to learn: UTF-8 (or ASCII) with only newlines and printable ASCII characters, Windows line ends
/// (CR LF) read as newlines.
/// </summary>
public static class TextCorpus
{
    /// <summary>The shortest text accepted: enough for a training, a validation and a held-out part.</summary>
    public const int FewestCharacters = 2_000;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, unreadable or has a character outside the alphabet; the message names the file (and the line and column).</exception>
    public static string Read(string path) => Check(DataFile.ReadText(path, "the text"), path);

    /// <summary>Checks that <paramref name="text"/> is long enough and within the alphabet; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="DataFileException">It is not.</exception>
    public static string Check(string text, string path)
    {
        int unknown = TextAlphabet.Characters.FirstUnknown(text);
        if (unknown >= 0)
        {
            int lineStart = text.LastIndexOf('\n', Math.Max(0, unknown - 1)) + 1;
            int line = 1 + text.AsSpan(0, unknown).Count('\n');
            throw new DataFileException($"{path}, line {line}, column {unknown - lineStart + 1}: {CharacterAlphabet.Describe(text[unknown])} is outside the model's alphabet (newlines and printable ASCII).");
        }

        if (text.Length < FewestCharacters)
        {
            throw new DataFileException($"{path}: the text has {text.Length:N0} characters; training needs at least {FewestCharacters:N0}.");
        }

        return text;
    }
}
