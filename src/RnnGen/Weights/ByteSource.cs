using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace RnnGen.Weights;

/// <summary>
/// Random access to the bytes of a weight file, so a loader reads the ranges it has validated and
/// nothing else: a file need not fit in memory, and a claimed size never becomes an allocation.
/// </summary>
internal abstract class ByteSource
{
    protected ByteSource(string fileName) => FileName = fileName;

    /// <summary>The file as the caller named it, for messages.</summary>
    public string FileName { get; }

    /// <summary>The number of bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the caller has checked the range.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <summary>The bytes held in memory.</summary>
    public static ByteSource FromMemory(ReadOnlyMemory<byte> bytes, string fileName) => new MemorySource(bytes, fileName);

    /// <summary>An open file, read with positional reads.</summary>
    public static ByteSource FromFile(SafeFileHandle file, string fileName) => new FileSource(file, fileName);

    /// <summary>A stream from its current position on: read in place when seekable, else copied into memory first.</summary>
    public static ByteSource FromStream(Stream stream, string fileName)
    {
        if (stream.CanSeek)
        {
            return new StreamSource(stream, fileName);
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new MemorySource(copy.GetBuffer().AsMemory(0, (int)copy.Length), fileName);
    }

    protected WeightFileException EndedEarly(long offset) =>
        new(FileName, $"the file ended while reading at byte {offset}: it changed or shrank while being read.");

    private sealed class MemorySource(ReadOnlyMemory<byte> bytes, string fileName) : ByteSource(fileName)
    {
        public override long Length => bytes.Length;

        public override void Read(long offset, Span<byte> destination) =>
            bytes.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);
    }

    private sealed class FileSource(SafeFileHandle file, string fileName) : ByteSource(fileName)
    {
        private readonly long _length = RandomAccess.GetLength(file);

        public override long Length => _length;

        public override void Read(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int read = RandomAccess.Read(file, destination, offset);
                if (read == 0)
                {
                    throw EndedEarly(offset);
                }

                destination = destination[read..];
                offset += read;
            }
        }
    }

    private sealed class StreamSource(Stream stream, string fileName) : ByteSource(fileName)
    {
        private readonly long _start = stream.Position;

        public override long Length => stream.Length - _start;

        public override void Read(long offset, Span<byte> destination)
        {
            stream.Position = _start + offset;
            try
            {
                stream.ReadExactly(destination);
            }
            catch (EndOfStreamException)
            {
                throw EndedEarly(offset);
            }
        }
    }
}
