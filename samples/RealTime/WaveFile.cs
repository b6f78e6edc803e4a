using System;
using System.Buffers.Binary;
using System.IO;

namespace RnnGen.Samples.RealTime;

/// <summary>Writes mono audio as a RIFF WAVE file of 16-bit PCM, the format every player reads.</summary>
public static class WaveFile
{
    private const int HeaderBytes = 44;
    private const short PcmFormat = 1;
    private const short Channels = 1;
    private const short BitsPerSample = 16;
    private const int BytesPerSample = BitsPerSample / 8;

    /// <summary>Writes <paramref name="samples"/> (full scale ±1; beyond is clipped) to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        int dataBytes = checked(samples.Length * BytesPerSample);
        byte[] file = new byte[checked(HeaderBytes + dataBytes)];
        Span<byte> header = file.AsSpan(0, HeaderBytes);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], HeaderBytes - 8 + dataBytes);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], PcmFormat);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], Channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], sampleRate * Channels * BytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], Channels * BytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        Span<byte> data = file.AsSpan(HeaderBytes);
        for (int n = 0; n < samples.Length; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data[(n * BytesPerSample)..], ToPcm16(samples[n]));
        }

        File.WriteAllBytes(path, file);
    }

    // Rounds to the nearest step of 1/32767; NaN, which no player could play, becomes silence.
    private static short ToPcm16(float sample) =>
        float.IsNaN(sample) ? (short)0 : (short)MathF.Round(Math.Clamp(sample, -1f, 1f) * short.MaxValue);
}
