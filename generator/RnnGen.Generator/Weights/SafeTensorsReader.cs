using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using RnnGen.Generator.Model;

namespace RnnGen.Generator.Weights;

/// <summary>
/// Reads a whole safetensors file: an 8-byte little-endian header length, the JSON header, then the data,
/// which the header's offsets must cover exactly (no gap, no overlap), as the reference implementation
/// requires. Every check happens before any tensor is converted, so a hostile file costs no more than its size.
/// </summary>
internal static class SafeTensorsReader
{
    /// <exception cref="SafeTensorsFormatException">The file is not valid.</exception>
    public static EquatableArray<WeightsTensor> Read(byte[] file)
    {
        if (file.Length < 8)
        {
            throw new SafeTensorsFormatException($"the file is truncated: {Number(file.Length)} bytes, fewer than the 8 of the header length");
        }

        ulong headerLength = 0;
        for (int index = 7; index >= 0; index--)
        {
            headerLength = (headerLength << 8) | file[index];
        }

        if (headerLength > (ulong)(file.Length - 8))
        {
            throw new SafeTensorsFormatException($"the header length {headerLength.ToString(CultureInfo.InvariantCulture)} runs past the end of the file ({Number(file.Length)} bytes)");
        }

        int dataStart = 8 + (int)headerLength;
        long dataLength = file.Length - dataStart;
        var entries = SafeTensorsHeaderParser.Parse(file, 8, (int)headerLength);
        var elementCounts = entries.Select(entry => CheckEntry(entry, dataLength)).ToArray();
        CheckCoverage(entries.ToArray(), dataLength);

        var tensors = ImmutableArray.CreateBuilder<WeightsTensor>(entries.Count);
        for (int index = 0; index < entries.Count; index++)
        {
            SafeTensorsEntry entry = entries[index];
            int[] bits = SafeTensorsDtype.IsSupported(entry.Dtype)
                ? SafeTensorsDtype.ToFloatBits(entry.Dtype, file, dataStart + (int)entry.Begin, (int)elementCounts[index])
                : System.Array.Empty<int>();
            tensors.Add(new WeightsTensor(entry.Name, entry.Dtype, new EquatableArray<long>(entry.Shape.ToImmutableArray()), new EquatableArray<int>(bits.ToImmutableArray())));
        }

        return new EquatableArray<WeightsTensor>(tensors.MoveToImmutable());
    }

    /// <summary>Checks one entry's offsets against the data and its shape against its byte count; returns its element count.</summary>
    private static long CheckEntry(SafeTensorsEntry entry, long dataLength)
    {
        if (entry.Begin > entry.End)
        {
            throw new SafeTensorsFormatException($"the data_offsets of '{entry.Name}' [{Number(entry.Begin)}, {Number(entry.End)}] end before they begin");
        }

        if (entry.End > dataLength)
        {
            throw new SafeTensorsFormatException($"tensor '{entry.Name}' ends at byte {Number(entry.End)} of the data, past its end at {Number(dataLength)}");
        }

        long elements = 1;
        foreach (long dimension in entry.Shape)
        {
            if (dimension != 0 && elements > long.MaxValue / dimension)
            {
                throw new SafeTensorsFormatException($"the shape of '{entry.Name}' has more elements than can be counted");
            }

            elements *= dimension;
        }

        int size = SafeTensorsDtype.ElementSize(entry.Dtype);
        long bytes = entry.End - entry.Begin;
        if (size > 0 && (elements > long.MaxValue / size || elements * size != bytes))
        {
            throw new SafeTensorsFormatException($"tensor '{entry.Name}' holds {Number(bytes)} bytes, but {Number(elements)} elements of {entry.Dtype} take {(elements > long.MaxValue / size ? "more" : Number(elements * size))}");
        }

        return elements;
    }

    private static void CheckCoverage(SafeTensorsEntry[] entries, long dataLength)
    {
        long covered = 0;
        SafeTensorsEntry? previous = null;
        foreach (SafeTensorsEntry entry in entries.OrderBy(entry => entry.Begin).ThenBy(entry => entry.End))
        {
            if (entry.Begin < covered)
            {
                throw new SafeTensorsFormatException($"tensors '{previous!.Name}' and '{entry.Name}' overlap (bytes {Number(entry.Begin)} to {Number(covered)} of the data)");
            }

            if (entry.Begin > covered)
            {
                throw new SafeTensorsFormatException($"bytes {Number(covered)} to {Number(entry.Begin)} of the data belong to no tensor");
            }

            covered = entry.End;
            previous = entry;
        }

        if (covered != dataLength)
        {
            throw new SafeTensorsFormatException($"bytes {Number(covered)} to {Number(dataLength)} of the data belong to no tensor");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
