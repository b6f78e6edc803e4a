namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the store of one chunk into the caller's <c>output</c> span, which holds exactly the network's
/// outputs: a whole vector, or, for the chunk holding the last row, only the lanes the span has.
/// </summary>
internal static class OutputStore
{
    /// <summary>The rows of <paramref name="chunk"/> that exist in a span of the plan's rows.</summary>
    public static ChunkRows Existing(TilePlan plan, ChunkRows chunk, bool isLastChunk) =>
        isLastChunk && plan.Rows % plan.Width != 0 ? chunk with { Width = plan.Rows % plan.Width } : chunk;

    public static void Emit(SourceWriter writer, TilePlan plan, VectorDialect vector, string value, ChunkRows chunk, bool isLastChunk)
    {
        ChunkRows stored = Existing(plan, chunk, isLastChunk);
        if (stored.Width == plan.Width)
        {
            writer.Line(vector.Store(value, "output", chunk.First));
            return;
        }

        writer.Line($"// The caller's span ends at output {stored.Last}: store only the lanes that exist.");
        for (int lane = 0; lane < stored.Width; lane++)
        {
            writer.Line($"Unsafe.Add(ref output, {Literals.Offset(chunk.TileRow, chunk.Offset + lane)}) = {vector.Element(value, lane)};");
        }
    }
}
