namespace RnnGen.Generator.Emit;

/// <summary>The rows (hidden units or outputs) one chunk covers: <c>tileRow + offset</c> and the next <c>Width - 1</c>.</summary>
/// <param name="TileRow">The expression of the tile's first row: a constant, or the tile loop's <c>row</c>.</param>
/// <param name="Offset">The chunk's first row within the tile.</param>
/// <param name="Width">The rows of the chunk: the vector width.</param>
internal sealed record ChunkRows(string TileRow, int Offset, int Width)
{
    public string First => Literals.Offset(TileRow, Offset);

    public string Last => Literals.Offset(TileRow, Offset + Width - 1);

    public string Describe(string noun) => Width == 1 ? $"{noun} {First}" : $"{noun}s {First} to {Last}";
}
