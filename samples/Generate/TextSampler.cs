using System;
using System.Text;

namespace RnnGen.Samples.Generate;

/// <summary>
/// Writes new text with a trained model the way an application would run it: one character at a time through the
/// generated <c>Step</c>, the recurrent state carried from each character to the next, each new character drawn from
/// the softmax of the logits divided by the temperature and fed back as the next input.
/// </summary>
internal sealed class TextSampler(CharacterLanguageModel network)
{
    private readonly float[] _input = new float[CharacterLanguageModel.InputSize];
    private readonly float[] _logits = new float[CharacterLanguageModel.OutputSize];
    private readonly float[] _probabilities = new float[CharacterLanguageModel.OutputSize];

    /// <summary>
    /// Reads <paramref name="prompt"/>, then writes <paramref name="length"/> characters. A temperature below 1 sharpens
    /// the distribution toward the likeliest characters, above 1 flattens it; the same seed writes the same text.
    /// </summary>
    public string Sample(string prompt, int length, double temperature, int seed)
    {
        var state = new CharacterLanguageModel.State();
        foreach (char character in prompt)
        {
            Read(character, ref state);
        }

        var random = new Random(seed);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            Softmax.Compute(_logits, _probabilities, temperature);
            char next = TextAlphabet.Characters[Draw(_probabilities, random.NextDouble())];
            text.Append(next);
            Read(next, ref state);
        }

        return text.ToString();
    }

    private void Read(char character, ref CharacterLanguageModel.State state)
    {
        TextAlphabet.Characters.EncodeStep(character, _input);
        network.Step(_input, ref state, _logits);
    }

    // Inverse transform sampling; rounding can leave the sum a hair below 1, so a draw past the end takes the last
    // character with any probability.
    private static int Draw(ReadOnlySpan<float> probabilities, double uniform)
    {
        double cumulative = 0;
        int lastPossible = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] > 0)
            {
                cumulative += probabilities[i];
                lastPossible = i;
                if (uniform < cumulative)
                {
                    return i;
                }
            }
        }

        return lastPossible;
    }
}
