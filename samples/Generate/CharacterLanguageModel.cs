using System;

namespace RnnGen.Samples.Generate;

/// <summary>
/// Reads text one character at a time (one-hot over <see cref="TextAlphabet.Characters"/>) and gives, at every step,
/// one logit per character for the next one: the identity head feeds <c>SoftmaxCrossEntropy</c> during training
/// and a temperature softmax when sampling.
/// </summary>
[RecurrentNetwork(CellType.Gru, inputSize: 96, hiddenSize: 128, OutputSize = 96)]
public partial class CharacterLanguageModel;

/// <summary>The characters the model reads and writes: a newline and the 95 printable ASCII characters.</summary>
internal static class TextAlphabet
{
    /// <summary>The alphabet, in one-hot order; its size is the network's input and output size.</summary>
    public static CharacterAlphabet Characters { get; } = Create();

    private static CharacterAlphabet Create()
    {
        var printableAscii = new char[1 + ('~' - ' ' + 1)];
        printableAscii[0] = '\n';
        for (char c = ' '; c <= '~'; c++)
        {
            printableAscii[1 + (c - ' ')] = c;
        }

        var alphabet = new CharacterAlphabet(new string(printableAscii));
        if (alphabet.Size != CharacterLanguageModel.InputSize || alphabet.Size != CharacterLanguageModel.OutputSize)
        {
            throw new InvalidOperationException($"The network reads {CharacterLanguageModel.InputSize} and writes {CharacterLanguageModel.OutputSize} characters; the alphabet has {alphabet.Size}.");
        }

        return alphabet;
    }
}
