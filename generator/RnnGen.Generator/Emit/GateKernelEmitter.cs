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

    /// <summary>
    /// Independent multiply-adds a core needs in flight to issue one every cycle on each FMA port: the
    /// instruction's latency (4 cycles on current x64 cores) times its two ports.
    /// </summary>
    private const int MultiplyAddsInFlight = 8;

    /// <summary>Below this many columns per partial sum, zeroing and folding the sums costs more than the shorter chains save.</summary>
    private const int MinColumnsPerPartialSum = 4;

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
        int sums = PartialSums(chunks, columns);
        _writer.Line();
        string broadcast = _vector.IsScalar ? string.Empty : ", broadcast,";
        string spread = sums == 1 ? "." : $", the columns taking turns over {Literals.Int(sums)} partial sums so that no multiply-add waits for the one before.";
        _writer.Line(recurrentPart
            ? $"// Recurrent part, W_hh · h: each element of the previous hidden state{broadcast} feeds every accumulator{spread}"
            : InputComment(broadcast, spread));
        if (sums == 1)
        {
            EmitColumns(chunks, weights, source, columns, partOffset, recurrentPart, sums);
            return;
        }

        using (_writer.Scope())
        {
            for (int sum = 1; sum < sums; sum++)
            {
                ForEachAccumulator(chunks, recurrentPart, accumulator => _writer.Line($"var {PartialSum(accumulator, sum)} = {_vector.Zero};"));
            }

            EmitColumns(chunks, weights, source, columns, partOffset, recurrentPart, sums);
            ForEachAccumulator(chunks, recurrentPart, accumulator =>
            {
                var terms = new string[sums];
                terms[0] = accumulator;
                for (int sum = 1; sum < sums; sum++)
                {
                    terms[sum] = PartialSum(accumulator, sum);
                }

                _writer.Line($"{accumulator} = {BalancedSum(terms, 0, sums)};");
            });
        }
    }

    /// <summary>
    /// How many partial sums each accumulator splits into for a part of <paramref name="columns"/> columns.
    /// A tile with few accumulators (a small hidden size, a narrow head) would otherwise be one chain of
    /// dependent multiply-adds per accumulator, running at the instruction's latency rather than its
    /// throughput; spare registers hold the extra sums.
    /// </summary>
    private int PartialSums(int chunks, int columns)
    {
        int accumulators = _plan.Gates * chunks;
        int wanted = (MultiplyAddsInFlight + accumulators - 1) / accumulators;
        int affordable = 1 + ((_plan.AccumulatorBudget - (_accumulators.Slots * chunks)) / accumulators);
        int worthwhile = columns / MinColumnsPerPartialSum;
        return Math.Max(1, Math.Min(wanted, Math.Min(affordable, worthwhile)));
    }

    private void ForEachAccumulator(int chunks, bool recurrentPart, Action<string> action)
    {
        for (int gate = 0; gate < _plan.Gates; gate++)
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                action(_accumulators.ForColumn(gate, chunk, recurrentPart));
            }
        }
    }

    /// <summary>The sum of <paramref name="terms"/> as a balanced tree, so folding the partial sums is a short chain too.</summary>
    private static string BalancedSum(string[] terms, int start, int count)
    {
        if (count == 1)
        {
            return terms[start];
        }

        int half = count / 2;
        string left = BalancedSum(terms, start, half);
        string right = BalancedSum(terms, start + half, count - half);
        return $"{Parenthesize(left, half)} + {Parenthesize(right, count - half)}";
    }

    private static string Parenthesize(string sum, int terms) => terms == 1 ? sum : $"({sum})";

    private static string PartialSum(string accumulator, int sum) => $"{accumulator}Part{Literals.Int(sum)}";

    /// <summary>The multiply-adds of a part's columns, column <c>j</c> adding into partial sum <c>j % sums</c> (sum 0 is the accumulator itself).</summary>
    private void EmitColumns(int chunks, string weights, string source, int columns, int partOffset, bool recurrentPart, int sums)
    {
        int stride = _plan.ColumnStride(chunks);
        if (columns * _plan.Gates * chunks <= MaxUnrolledMultiplyAdds)
        {
            for (int column = 0; column < columns; column++)
            {
                EmitColumn(chunks, weights, partOffset + (column * stride), Element(source, Literals.Int(column)), recurrentPart, column % sums);
            }

            return;
        }

        int loopedColumns = columns - (columns % sums);
        string step = sums == 1 ? "j++" : $"j += {Literals.Int(sums)}";
        using (_writer.Block($"for (nuint j = 0; j < {Literals.Int(loopedColumns)}; {step})"))
        {
            _writer.Line($"ref float column = ref Unsafe.Add(ref {weights}, {Literals.Int(partOffset)} + (j * {Literals.Int(stride)}));");
            for (int sum = 0; sum < sums; sum++)
            {
                EmitColumn(chunks, "column", sum * stride, Element(source, Literals.Offset("j", sum)), recurrentPart, sum);
            }
        }

        if (loopedColumns < columns)
        {
            _writer.Line();
        }

        for (int column = loopedColumns; column < columns; column++)
        {
            EmitColumn(chunks, weights, partOffset + (column * stride), Element(source, Literals.Int(column)), recurrentPart, column % sums);
        }
    }

    private static string Element(string source, string index) => index == "0" ? source : $"Unsafe.Add(ref {source}, {index})";

    private void EmitColumn(int chunks, string weights, int columnOffset, string element, bool recurrentPart, int sum)
    {
        _writer.Line($"x = {_vector.Broadcast(element)};");
        for (int gate = 0; gate < _plan.Gates; gate++)
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                string accumulator = _accumulators.ForColumn(gate, chunk, recurrentPart);
                string target = sum == 0 ? accumulator : PartialSum(accumulator, sum);
                string weight = _vector.Load(weights, Literals.Int(columnOffset + _plan.ColumnOffset(gate, chunk, chunks)));
                _writer.Line($"{target} = {_vector.MultiplyAdd(weight, "x", target)};");
            }
        }
    }

    private string InputComment(string broadcast, string spread) => _rowNoun == "output"
        ? $"// W · h: each element of the last layer's hidden state{broadcast} feeds every accumulator{spread}"
        : $"// Input part, W_ih · x: each input element{broadcast} feeds every accumulator{spread}";
}
