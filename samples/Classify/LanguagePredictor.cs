using System;
using System.Linq;
using RnnGen.Training;

namespace RnnGen.Samples.Classify;

/// <summary>Runs the trained network the way an application would: one word at a time through the generated <c>Forward</c>.</summary>
internal sealed class LanguagePredictor(LanguageIdentifier network)
{
    private readonly float[] _inputs = new float[Languages.LongestWord * LanguageIdentifier.InputSize];
    private readonly float[] _outputs = new float[Languages.LongestWord * LanguageIdentifier.OutputSize];

    /// <summary>Held-out words by actual language (row) and the network's choice (column).</summary>
    public int[,] ConfusionMatrix(SequenceDataset<int> words)
    {
        var matrix = new int[LanguageIdentifier.OutputSize, LanguageIdentifier.OutputSize];
        foreach (SequenceSample<int> word in words)
        {
            matrix[word.Targets.Span[0], ArgMax(Logits(word.Inputs.Span))]++;
        }

        return matrix;
    }

    /// <summary>The network's probability for each language that <paramref name="word"/> belongs to it.</summary>
    public WordLabel Label(string word)
    {
        Span<float> inputs = _inputs.AsSpan(0, word.Length * LanguageIdentifier.InputSize);
        Languages.Alphabet.Encode(word, inputs);
        float[] probabilities = new float[LanguageIdentifier.OutputSize];
        Softmax.Compute(Logits(inputs), probabilities);
        return new WordLabel(word, ArgMax(probabilities), probabilities);
    }

    // A fresh state per word: the language is read off the output at the word's last letter.
    private ReadOnlySpan<float> Logits(ReadOnlySpan<float> oneHotLetters)
    {
        int letters = oneHotLetters.Length / LanguageIdentifier.InputSize;
        Span<float> outputs = _outputs.AsSpan(0, letters * LanguageIdentifier.OutputSize);
        var state = new LanguageIdentifier.State();
        network.Forward(oneHotLetters, ref state, outputs);
        return outputs[^LanguageIdentifier.OutputSize..];
    }

    // The first of equal largest values, as torch.argmax.
    private static int ArgMax(ReadOnlySpan<float> values)
    {
        float[] copy = values.ToArray();
        return Array.IndexOf(copy, copy.Max());
    }
}
