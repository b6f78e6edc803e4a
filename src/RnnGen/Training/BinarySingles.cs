using System;
using System.Buffers.Binary;
using System.IO;

namespace RnnGen.Training;

/// <summary>Float buffers in checkpoints: a length, then little-endian values, whatever the machine's byte order.</summary>
internal static class BinarySingles
{
    private const int ChunkValues = 1024;

    public static void Write(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        Span<byte> chunk = stackalloc byte[ChunkValues * sizeof(float)];
        for (int start = 0; start < values.Length; start += ChunkValues)
        {
            int count = Math.Min(ChunkValues, values.Length - start);
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(chunk.Slice(i * sizeof(float)), values[start + i]);
            }

            writer.Write(chunk.Slice(0, count * sizeof(float)));
        }
    }

    /// <summary>Reads a buffer written by <see cref="Write"/> that must hold <paramref name="expectedLength"/> values.</summary>
    /// <exception cref="InvalidDataException">The stored length differs.</exception>
    /// <exception cref="EndOfStreamException">The data ends before the buffer does.</exception>
    public static float[] Read(BinaryReader reader, int expectedLength, string what)
    {
        int length = reader.ReadInt32();
        if (length != expectedLength)
        {
            throw new InvalidDataException($"The stored {what} has {length} values; {expectedLength} were expected.");
        }

        float[] values = new float[length];
        Span<byte> chunk = stackalloc byte[ChunkValues * sizeof(float)];
        for (int start = 0; start < length; start += ChunkValues)
        {
            int count = Math.Min(ChunkValues, length - start);
            Span<byte> bytes = chunk.Slice(0, count * sizeof(float));
            ReadExactly(reader, bytes);
            for (int i = 0; i < count; i++)
            {
                values[start + i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
            }
        }

        return values;
    }

    /// <summary>Reads a header string and throws unless it is <paramref name="expected"/>.</summary>
    public static void ExpectTag(BinaryReader reader, string expected, string what)
    {
        string tag = reader.ReadString();
        if (tag != expected)
        {
            throw new InvalidDataException($"Expected {what} '{expected}' but found '{tag}'.");
        }
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = reader.Read(destination);
            if (read == 0)
            {
                throw new EndOfStreamException("The data ends in the middle of a buffer.");
            }

            destination = destination.Slice(read);
        }
    }
}
