using System;

namespace RnnGen.Tests.Reference;

/// <summary>
/// <c>torch.nn.Embedding</c> written out plainly: the forward pass picks row <c>id</c> of the table
/// <c>[V, InputSize]</c> for every step, and the backward pass adds each step's input gradient to the row
/// it picked. Composed with <see cref="ReferenceNetwork"/> and <see cref="ReferenceBackward"/>, it is the
/// reference of a network declared with <c>VocabularySize</c>.
/// </summary>
public static class ReferenceEmbedding
{
    /// <summary>The embedded inputs of a batch, <c>[B, T, InputSize]</c>: zero at padded steps.</summary>
    /// <param name="table"><c>[V, InputSize]</c>, row-major.</param>
    /// <param name="inputSize">The width of a row.</param>
    /// <param name="tokens"><c>[B, T]</c> ids.</param>
    /// <param name="lengths">The valid steps of each of the B sequences.</param>
    public static float[] Lookup(float[] table, int inputSize, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths)
    {
        int steps = tokens.Length / lengths.Length;
        var inputs = new float[tokens.Length * inputSize];
        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            for (int step = 0; step < lengths[sequence]; step++)
            {
                int position = (sequence * steps) + step;
                Array.Copy(table, tokens[position] * inputSize, inputs, position * inputSize, inputSize);
            }
        }

        return inputs;
    }

    /// <summary>dL/d(table), <c>[V, InputSize]</c>: the sum, over the valid steps that read each id, of their input gradients.</summary>
    /// <param name="inputGradients">dL/d(embedded inputs), <c>[B, T, InputSize]</c>.</param>
    public static double[] Gradient(ReadOnlySpan<double> inputGradients, int vocabularySize, int inputSize, ReadOnlySpan<int> tokens, ReadOnlySpan<int> lengths)
    {
        int steps = tokens.Length / lengths.Length;
        var gradient = new double[vocabularySize * inputSize];
        for (int sequence = 0; sequence < lengths.Length; sequence++)
        {
            for (int step = 0; step < lengths[sequence]; step++)
            {
                int position = (sequence * steps) + step;
                for (int feature = 0; feature < inputSize; feature++)
                {
                    gradient[(tokens[position] * inputSize) + feature] += inputGradients[(position * inputSize) + feature];
                }
            }
        }

        return gradient;
    }
}
