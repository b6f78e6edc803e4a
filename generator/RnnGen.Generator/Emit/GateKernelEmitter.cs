using System;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Emit;

/// <summary>
/// Emits the register-blocked matrix-vector product shared by every layer and the head: for each tile
/// of the packed weights (see <see cref="TilePlan"/>), load the biases into the tile's accumulators,
/// then stream the weight columns, one broadcast input element feeding all accumulators of the tile,
/// then hand the finished accumulators to the caller's per-chunk code (a cell update, or the head's
/// activation).
/// </summary>
/// <remarks>
/// Unrolling is bounded so no generated method nears the JIT's limits for full optimization (about
/// 60,000 bytes of IL, 2,000 basic blocks, 512 locals for inlining): a tile holds at most 16 accumulators,
/// a part is unrolled only while it has at most <see cref="MaxUnrolledMultiplyAdds"/> multiply-adds
/// (about 3 KB of IL) and is a loop otherwise, and equal tiles share one loop. A method is therefore at
/// most two tile bodies, whatever the sizes.
/// </remarks>
internal sealed class GateKernelEmitter
{
    public const int MaxUnrolledMultiplyAdds = 128;

    private readonly SourceWriter _writer;
    private readonly TilePlan _plan;
    private readonly VectorDialect _vector;
    private readonly GateAccumulators _accumulators;
    private readonly string _rowNoun;

    /// <param name="rowNoun">What a row is, for comments: "unit" (a hidden unit) or "output".</param>
    public GateKernelEmitter(SourceWriter writer, TilePlan plan, VectorDialect vector, GateAccumulators accumulators, string rowNoun)
    {
        _writer = writer;
        _plan = plan;
        _vector = vector;
        _accumulators = accumulators;
        _rowNoun = rowNoun;
    }

    /// <param name="input">The <c>ref float</c> local holding the input vector.</param>
    /// <param name="recurrent">The <c>ref float</c> local holding the previous hidden state, or null for a dense layer.</param>
    /// <param name="isolateLastTile">Emit the tile holding the last row on its own, for callers that must not write past it.</param>
    /// <param name="finishChunk">Writes the code that consumes a chunk's accumulators: (chunk, its rows, is the last chunk of all).</param>
    public void Emit(string input, string? recurrent, bool isolateLastTile, Action<int, ChunkRows, bool> finishChunk)
    {
        int loopTiles = _plan.FullTiles;
        int lastTileChunks = _plan.RemainderChunks;
        if (isolateLastTile && lastTileChunks == 0 && _plan.Rows % _plan.Width != 0)
        {
            loopTiles--;
            lastTileChunks = _plan.ChunksPerTile;
        }

        int fullTileLength = _plan.TileLength(_plan.ChunksPerTile);
        int fullTileRows = _plan.ChunksPerTile * _plan.Width;
        _writer.Line();
        if (loopTiles == 1)
        {
            _writer.Line($"// One tile: {fullTileRows} {_rowNoun}s{GatesPhrase}.");
            using (_writer.Scope())
            {
                EmitTile(_plan.ChunksPerTile, "weights", "0", input, recurrent, isLastTile: lastTileChunks == 0, finishChunk);
            }
        }
        else if (loopTiles > 1)
        {
            _writer.Line($"// {loopTiles} tiles of {fullTileRows} {_rowNoun}s{GatesPhrase}, each streaming its own {fullTileLength} packed floats.");
            using (_writer.Block($"for (nuint tile = 0; tile < {loopTiles}; tile++)"))
            {
                _writer.Line($"ref float tileWeights = ref Unsafe.Add(ref weights, tile * {fullTileLength});");
                _writer.Line($"nuint row = tile * {fullTileRows};");
                EmitTile(_plan.ChunksPerTile, "tileWeights", "row", input, recurrent, isLastTile: false, finishChunk);
            }
        }

        if (lastTileChunks > 0)
        {
            if (loopTiles > 0)
            {
                _writer.Line();
            }

            _writer.Line(loopTiles == 0
                ? $"// One tile: {lastTileChunks * _plan.Width} {_rowNoun}s{GatesPhrase}."
                : $"// The last tile: {lastTileChunks * _plan.Width} {_rowNoun}s{GatesPhrase}.");
            using (_writer.Scope())
            {
                string weights = "weights";
                if (loopTiles > 0)
                {
                    weights = "tileWeights";
                    _writer.Line($"ref float tileWeights = ref Unsafe.Add(ref weights, {Literals.Int(loopTiles * fullTileLength)});");
                }

                EmitTile(lastTileChunks, weights, Literals.Int(loopTiles * fullTileRows), input, recurrent, isLastTile: true, finishChunk);
            }
        }
    }

    private string GatesPhrase => _plan.Gates == 1 ? string.Empty : $", all {_plan.Gates} gates";

    private void EmitTile(int chunks, string weights, string firstRow, string input, string? recurrent, bool isLastTile, Action<int, ChunkRows, bool> finishChunk)
    {
        _writer.Line("// Start from the biases.");
        for (int slot = 0; slot < _accumulators.Slots; slot++)
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                _writer.Line($"var {_accumulators.ForSlot(slot, chunk)} = {_vector.Load(weights, Literals.Int((slot * chunks + chunk) * _plan.Width))};");
            }
        }

        _writer.Line($"{_vector.Type} x;");
        EmitPart(chunks, weights, input, _plan.InputSize, _plan.InputPartOffset(chunks), recurrentPart: false);
        if (recurrent is not null)
        {
            EmitPart(chunks, weights, recurrent, _plan.RecurrentSize, _plan.RecurrentPartOffset(chunks), recurrentPart: true);
        }

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            _writer.Line();
            finishChunk(chunk, new ChunkRows(firstRow, chunk * _plan.Width, _plan.Width), isLastTile && chunk == chunks - 1);
        }
    }

    private void EmitPart(int chunks, string weights, string source, int columns, int partOffset, bool recurrentPart)
    {
        int stride = _plan.ColumnStride(chunks);
        int multiplyAdds = _plan.Gates * chunks;
        _writer.Line();
        string broadcast = _vector.IsScalar ? string.Empty : ", broadcast,";
        _writer.Line(recurrentPart
            ? $"// Recurrent part, W_hh · h: each element of the previous hidden state{broadcast} feeds every accumulator."
            : InputComment(broadcast));
        if (columns * multiplyAdds <= MaxUnrolledMultiplyAdds)
        {
            for (int column = 0; column < columns; column++)
            {
                string element = column == 0 ? source : $"Unsafe.Add(ref {source}, {Literals.Int(column)})";
                _writer.Line($"x = {_vector.Broadcast(element)};");
                EmitMultiplyAdds(chunks, weights, partOffset + (column * stride), recurrentPart);
            }

            return;
        }

        using (_writer.Block($"for (nuint j = 0; j < {Literals.Int(columns)}; j++)"))
        {
            _writer.Line($"ref float column = ref Unsafe.Add(ref {weights}, {Literals.Int(partOffset)} + (j * {Literals.Int(stride)}));");
            _writer.Line($"x = {_vector.Broadcast($"Unsafe.Add(ref {source}, j)")};");
            EmitMultiplyAdds(chunks, "column", 0, recurrentPart);
        }
    }

    private string InputComment(string broadcast) => _rowNoun == "output"
        ? $"// W · h: each element of the last layer's hidden state{broadcast} feeds every accumulator."
        : $"// Input part, W_ih · x: each input element{broadcast} feeds every accumulator.";

    private void EmitMultiplyAdds(int chunks, string weights, int columnOffset, bool recurrentPart)
    {
        for (int gate = 0; gate < _plan.Gates; gate++)
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                string accumulator = _accumulators.ForColumn(gate, chunk, recurrentPart);
                string weight = _vector.Load(weights, Literals.Int(columnOffset + _plan.ColumnOffset(gate, chunk, chunks)));
                _writer.Line($"{accumulator} = {_vector.MultiplyAdd(weight, "x", accumulator)};");
            }
        }
    }
}
