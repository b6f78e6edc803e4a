using System;

namespace RnnGen.Kernels;

/// <summary>
/// Packs a layer's PyTorch-layout weights into the tiled, transposed layout the generated kernels
/// stream through. Generated code calls this; the generator computes the same offsets as constants.
/// </summary>
/// <remarks>
/// <para>
/// The <c>rows</c> outputs of each of the <c>gates</c> gates are cut into chunks of <c>width</c>
/// consecutive rows (one vector each; rows past <c>rows</c> are zero padding). Consecutive chunks form a
/// tile of <c>chunksPerTile</c> chunks; the last tile may hold fewer. A tile's accumulators (one vector
/// per gate and chunk) stay in registers while the kernel streams the tile's weights once, front to back:
/// </para>
/// <code>
/// tile := bias slots   [slot][chunk][lane]
///         input part   [j = 0..inputSize-1][gate][chunk][lane]      = inputWeights[gate*rows + row, j]
///         recurrent    [j = 0..recurrentSize-1][gate][chunk][lane]  = recurrentWeights[gate*rows + row, j]
/// </code>
/// <para>
/// So one broadcast input element <c>x[j]</c> feeds <c>gates * chunks</c> consecutive weight vectors.
/// Bias slot g holds <c>inputBias[g] + recurrentBias[g]</c>, except that with
/// <c>separateLastGateBias</c> (GRU, whose n gate adds its recurrent bias inside <c>r ⊙ (…)</c>) the last
/// gate gets two slots: its input bias, then its recurrent bias.
/// </para>
/// </remarks>
public static class GateTilePacking
{
    /// <summary>The number of floats <see cref="Pack"/> writes for these sizes.</summary>
    public static int PackedLength(int gates, int rows, int inputSize, int recurrentSize, bool separateLastGateBias, int width)
    {
        int chunks = (rows + width - 1) / width;
        int biasSlots = gates + (separateLastGateBias ? 1 : 0);
        return chunks * width * (biasSlots + gates * (inputSize + recurrentSize));
    }

    /// <summary>Packs one layer (or a dense head: no recurrent part) into <paramref name="destination"/>.</summary>
    /// <param name="inputWeights"><c>[gates * rows, inputSize]</c>, row-major, PyTorch gate order.</param>
    /// <param name="recurrentWeights"><c>[gates * rows, recurrentSize]</c>, or empty when <paramref name="recurrentSize"/> is 0.</param>
    /// <param name="inputBias"><c>[gates * rows]</c>.</param>
    /// <param name="recurrentBias"><c>[gates * rows]</c>, or empty for a dense head.</param>
    /// <param name="gates">The number of gates (1 for RNN and a head, 4 for LSTM, 3 for GRU).</param>
    /// <param name="rows">The outputs of one gate: the hidden size, or the head's output size.</param>
    /// <param name="inputSize">The length of the input vector.</param>
    /// <param name="recurrentSize">The length of the recurrent vector (the hidden size), or 0.</param>
    /// <param name="separateLastGateBias">Whether the last gate keeps its two biases apart (GRU).</param>
    /// <param name="width">The vector width in floats.</param>
    /// <param name="chunksPerTile">The chunks of a full tile.</param>
    /// <param name="destination">At least <see cref="PackedLength"/> floats.</param>
    public static void Pack(
        ReadOnlySpan<float> inputWeights,
        ReadOnlySpan<float> recurrentWeights,
        ReadOnlySpan<float> inputBias,
        ReadOnlySpan<float> recurrentBias,
        int gates,
        int rows,
        int inputSize,
        int recurrentSize,
        bool separateLastGateBias,
        int width,
        int chunksPerTile,
        Span<float> destination)
    {
        CheckLength(inputWeights, gates * rows * inputSize, nameof(inputWeights));
        CheckLength(recurrentWeights, gates * rows * recurrentSize, nameof(recurrentWeights));
        CheckLength(inputBias, gates * rows, nameof(inputBias));
        CheckLength(recurrentBias, recurrentSize == 0 ? 0 : gates * rows, nameof(recurrentBias));
        int length = PackedLength(gates, rows, inputSize, recurrentSize, separateLastGateBias, width);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The packed layer needs {length} floats, but the destination holds {destination.Length}.", nameof(destination));
        }

        int chunks = (rows + width - 1) / width;
        int position = 0;
        for (int firstRow = 0; firstRow < chunks * width; firstRow += chunksPerTile * width)
        {
            int tileRows = Math.Min(chunksPerTile * width, (chunks * width) - firstRow);
            for (int gate = 0; gate < gates; gate++)
            {
                if (separateLastGateBias && gate == gates - 1)
                {
                    position = WriteBias(destination, position, inputBias, ReadOnlySpan<float>.Empty, gate, rows, firstRow, tileRows);
                    position = WriteBias(destination, position, ReadOnlySpan<float>.Empty, recurrentBias, gate, rows, firstRow, tileRows);
                }
                else
                {
                    position = WriteBias(destination, position, inputBias, recurrentBias, gate, rows, firstRow, tileRows);
                }
            }

            position = WriteColumns(destination, position, inputWeights, inputSize, gates, rows, firstRow, tileRows);
            position = WriteColumns(destination, position, recurrentWeights, recurrentSize, gates, rows, firstRow, tileRows);
        }
    }

    /// <summary>Writes one bias slot of a tile: the sum of the given biases (either may be empty), zero past the last row.</summary>
    private static int WriteBias(Span<float> destination, int position, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> recurrentBias, int gate, int rows, int firstRow, int tileRows)
    {
        for (int row = firstRow; row < firstRow + tileRows; row++)
        {
            int index = (gate * rows) + row;
            destination[position++] = row >= rows ? 0f
                : (inputBias.IsEmpty ? 0f : inputBias[index]) + (recurrentBias.IsEmpty ? 0f : recurrentBias[index]);
        }

        return position;
    }

    /// <summary>Writes a tile's columns: for each input element, every gate's rows of the tile, zero past the last row.</summary>
    private static int WriteColumns(Span<float> destination, int position, ReadOnlySpan<float> weights, int columns, int gates, int rows, int firstRow, int tileRows)
    {
        for (int column = 0; column < columns; column++)
        {
            for (int gate = 0; gate < gates; gate++)
            {
                for (int row = firstRow; row < firstRow + tileRows; row++)
                {
                    destination[position++] = row < rows ? weights[(((gate * rows) + row) * columns) + column] : 0f;
                }
            }
        }

        return position;
    }

    private static void CheckLength(ReadOnlySpan<float> values, int expected, string name)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values, but got {values.Length}.", name);
        }
    }
}
