using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;

namespace RnnGen.Samples;

/// <summary>
/// The characters a character-level network reads (and, for a language model, writes): each is one position of a
/// one-hot vector. There is no embedding layer, so a small alphabet keeps the input narrow.
/// </summary>
internal sealed class CharacterAlphabet
{
    private readonly FrozenDictionary<char, int> _positions;

    /// <summary>An alphabet of <paramref name="characters"/>, in that order.</summary>
    /// <exception cref="ArgumentException">A character occurs twice.</exception>
    public CharacterAlphabet(string characters)
    {
        var positions = new Dictionary<char, int>();
        for (int i = 0; i < characters.Length; i++)
        {
            if (!positions.TryAdd(characters[i], i))
            {
                throw new ArgumentException($"{Describe(characters[i])} occurs twice in the alphabet.", nameof(characters));
            }
        }

        Characters = characters;
        _positions = positions.ToFrozenDictionary();
    }

    /// <summary>The characters in one-hot order.</summary>
    public string Characters { get; }

    /// <summary>The number of characters: the width of one one-hot step.</summary>
    public int Size => Characters.Length;

    /// <summary>The character at one-hot position <paramref name="position"/>.</summary>
    public char this[int position] => Characters[position];

    /// <summary>The one-hot position of <paramref name="character"/>, or -1 if it is not in the alphabet.</summary>
    public int PositionOf(char character) => _positions.TryGetValue(character, out int position) ? position : -1;

    /// <summary>The index of the first character of <paramref name="text"/> outside the alphabet, or -1 if there is none.</summary>
    public int FirstUnknown(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!_positions.ContainsKey(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Writes <paramref name="text"/> as one-hot steps <c>[text.Length, Size]</c>.</summary>
    /// <exception cref="ArgumentException">A character is outside the alphabet, or the destination is not that long.</exception>
    public void Encode(ReadOnlySpan<char> text, Span<float> oneHot)
    {
        if (oneHot.Length != text.Length * Size)
        {
            throw new ArgumentException($"{text.Length} characters take {text.Length * Size} values; the destination has {oneHot.Length}.", nameof(oneHot));
        }

        for (int i = 0; i < text.Length; i++)
        {
            EncodeStep(text[i], oneHot.Slice(i * Size, Size));
        }
    }

    /// <summary>Writes one character as a one-hot step of <see cref="Size"/> values.</summary>
    /// <exception cref="ArgumentException">The character is outside the alphabet.</exception>
    public void EncodeStep(char character, Span<float> step)
    {
        int position = PositionOf(character);
        if (position < 0)
        {
            throw new ArgumentException($"{Describe(character)} is not in the alphabet.", nameof(character));
        }

        step.Clear();
        step[position] = 1f;
    }

    /// <summary>A character as a message shows it: printable ones quoted, the others by their code point.</summary>
    public static string Describe(char character) =>
        char.IsControl(character) || char.IsWhiteSpace(character) || char.IsSurrogate(character)
            ? $"the character U+{(int)character:X4}"
            : string.Create(CultureInfo.InvariantCulture, $"'{character}' (U+{(int)character:X4})");
}
