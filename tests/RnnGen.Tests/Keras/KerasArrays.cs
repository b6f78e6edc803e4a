using System;
using System.Linq;

namespace RnnGen.Tests.Keras;

/// <summary>Random arrays in the shapes Keras' <c>get_weights()</c> returns, for loading through <c>KerasWeights</c>.</summary>
internal static class KerasArrays
{
    /// <summary>One Keras layer of <paramref name="cell"/> per layer of <paramref name="network"/>, each sized as that layer (a bidirectional layer k &gt; 0 reads 2H).</summary>
    public static KerasFormulas.Layer[] RandomLayers(CellType cell, IRecurrentNetwork network, int seed)
    {
        int gates = cell switch { CellType.Lstm => 4, CellType.Gru => 3, _ => 1 };
        return Enumerable.Range(0, network.Layers).Select(layer =>
        {
            LayerShape shape = network.LayerShapes[layer];
            int units = shape.HiddenSize;
            return new KerasFormulas.Layer(
                RandomMatrix(shape.InputSize, gates * units, seed + (10 * layer)),
                RandomMatrix(units, gates * units, seed + (10 * layer) + 1),
                RandomMatrix(cell == CellType.Gru ? 2 : 1, gates * units, seed + (10 * layer) + 2));
        }).ToArray();
    }

    /// <summary>Values uniform in ±1/√rows (at least 4 rows' worth), Keras' weights' usual scale.</summary>
    public static float[,] RandomMatrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var matrix = new float[rows, columns];
        double scale = 1 / Math.Sqrt(Math.Max(rows, 4));
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                matrix[row, column] = (float)(((2 * random.NextDouble()) - 1) * scale);
            }
        }

        return matrix;
    }

    public static float[] Row(float[,] matrix, int row) => Enumerable.Range(0, matrix.GetLength(1)).Select(column => matrix[row, column]).ToArray();
}
