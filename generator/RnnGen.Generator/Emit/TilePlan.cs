namespace RnnGen.Generator.Emit;

/// <summary>
/// Where a packed layer's weights sit, for one width: the layout that
/// <c>RnnGen.Kernels.GateTilePacking.Pack</c> writes (documented there), as constants for the emitter.
/// </summary>
internal sealed class TilePlan
{
    public TilePlan(int gates, int rows, int inputSize, int recurrentSize, bool separateLastGateBias, int width, int accumulatorBudget)
    {
        Gates = gates;
        Rows = rows;
        InputSize = inputSize;
        RecurrentSize = recurrentSize;
        BiasSlots = gates + (separateLastGateBias ? 1 : 0);
        Width = width;
        AccumulatorBudget = accumulatorBudget;
        Chunks = (rows + width - 1) / width;

        // A GRU chunk keeps one more accumulator than it has gates: n's input and recurrent sums stay apart.
        int maxChunksPerTile = System.Math.Max(1, accumulatorBudget / BiasSlots);
        int tiles = (Chunks + maxChunksPerTile - 1) / maxChunksPerTile;
        ChunksPerTile = (Chunks + tiles - 1) / tiles;
        FullTiles = Chunks / ChunksPerTile;
        RemainderChunks = Chunks % ChunksPerTile;
    }

    public int Gates { get; }

    public int Rows { get; }

    public int InputSize { get; }

    public int RecurrentSize { get; }

    public int BiasSlots { get; }

    public int Width { get; }

    /// <summary>The vectors a tile may keep in registers as sums: its accumulators and their partial sums.</summary>
    public int AccumulatorBudget { get; }

    /// <summary>Vectors per gate: the rows rounded up to whole vectors.</summary>
    public int Chunks { get; }

    public int ChunksPerTile { get; }

    public int FullTiles { get; }

    /// <summary>The chunks of the last, smaller tile, or 0 when every tile is full.</summary>
    public int RemainderChunks { get; }

    public int PaddedRows => Chunks * Width;

    public int PackedLength => TileLength(Chunks);

    /// <summary>The floats of a tile of <paramref name="chunks"/> chunks.</summary>
    public int TileLength(int chunks) => chunks * Width * (BiasSlots + Gates * (InputSize + RecurrentSize));

    /// <summary>The offset of the weight vector for <paramref name="gate"/> and <paramref name="chunk"/> within one column of a tile.</summary>
    public int ColumnOffset(int gate, int chunk, int tileChunks) => ((gate * tileChunks) + chunk) * Width;

    /// <summary>The floats one input column occupies in a tile of <paramref name="tileChunks"/> chunks.</summary>
    public int ColumnStride(int tileChunks) => Gates * tileChunks * Width;

    /// <summary>The offset of the input part of a tile, after its bias slots.</summary>
    public int InputPartOffset(int tileChunks) => BiasSlots * tileChunks * Width;

    /// <summary>The offset of the recurrent part of a tile, after its input part.</summary>
    public int RecurrentPartOffset(int tileChunks) => InputPartOffset(tileChunks) + (InputSize * ColumnStride(tileChunks));
}
