using System;

namespace RnnGen.Tests.Onnx;

/// <summary>
/// PyTorch's gate order to ONNX's: LSTM i,f,g,o becomes i,o,f,c; GRU r,z,n becomes z,r,h; an RNN has one
/// gate. The one place the test and bench ONNX writers take it from.
/// </summary>
public static class OnnxGateOrder
{
    // ONNX's gates as indices into PyTorch's.
    private static readonly int[] LstmGates = [0, 3, 1, 2];
    private static readonly int[] GruGates = [1, 0, 2];
    private static readonly int[] RnnGates = [0];

    /// <summary>The number of gates of <paramref name="cell"/>.</summary>
    public static int Gates(CellType cell) => Order(cell).Length;

    /// <summary>
    /// <paramref name="pytorch"/>, made of one block of <paramref name="blockLength"/> values per gate
    /// (a weight's <c>H · columns</c> values, a bias's <c>H</c>), with its blocks in ONNX's order.
    /// </summary>
    public static float[] FromPyTorch(CellType cell, float[] pytorch, int blockLength)
    {
        int[] order = Order(cell);
        var onnx = new float[pytorch.Length];
        for (int gate = 0; gate < order.Length; gate++)
        {
            Array.Copy(pytorch, order[gate] * blockLength, onnx, gate * blockLength, blockLength);
        }

        return onnx;
    }

    private static int[] Order(CellType cell) => cell switch
    {
        CellType.Lstm => LstmGates,
        CellType.Gru => GruGates,
        CellType.Rnn => RnnGates,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell type."),
    };
}
