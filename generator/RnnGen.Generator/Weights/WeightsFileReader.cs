using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RnnGen.Generator.Model;
using RnnGen.Generator.Parsing;

namespace RnnGen.Generator.Weights;

/// <summary>
/// Reads one weights AdditionalText into a <see cref="WeightsFile"/>.
/// </summary>
/// <remarks>
/// <para>
/// The compiler hands generators text only: <see cref="AdditionalText.GetText"/> decodes the file, and on a
/// binary file such as safetensors it returns null and fails the build with CS2015. Reading the path from
/// disk instead would be I/O the compiler neither sees nor tracks (RS1035). So RnnGen's build step
/// (<c>build/RnnGen.targets</c>) replaces each <c>.safetensors</c> AdditionalFile with a text copy in
/// <c>obj/</c>: this reader's <see cref="Magic"/> line, the original full path, and the bytes in base64.
/// The compiler then reads, checksums and caches it like any AdditionalFile, and it reaches this reader
/// through <c>AdditionalTextsProvider</c>.
/// </para>
/// <para>
/// A <c>.safetensors</c> AdditionalFile that reaches the compiler unencoded is never read (reading it would
/// fail the build with CS2015); it only serves to say that the build step is missing.
/// </para>
/// </remarks>
internal static class WeightsFileReader
{
    /// <summary>The first line of an encoded weights file.</summary>
    public const string Magic = "RnnGen weights, base64 v1";

    /// <summary>The extension of an encoded copy, appended to the original file name.</summary>
    public const string EncodedExtension = ".rnngen-base64";

    public const string SafeTensorsExtension = ".safetensors";

    private const int ChunkChars = 64 * 1024;

    /// <summary>Whether an AdditionalText is a weights file, judged by its path alone, so that no other file is ever read.</summary>
    public static bool IsWeightsFile(string path) =>
        path.EndsWith(EncodedExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(SafeTensorsExtension, StringComparison.OrdinalIgnoreCase);

    public static WeightsFile Read(AdditionalText file, CancellationToken cancellationToken)
    {
        if (!file.Path.EndsWith(EncodedExtension, StringComparison.OrdinalIgnoreCase))
        {
            return Failure(file.Path, WeightsFileStatus.NotEncoded, 0, string.Empty);
        }

        // Until the encoded header names the original, the encoded copy's name minus its extension stands for it.
        string path = file.Path.Substring(0, file.Path.Length - EncodedExtension.Length);
        try
        {
            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                return Failure(path, WeightsFileStatus.Corrupt, 0, "the compiler could not read its encoded copy " + file.Path);
            }

            TextLineCollection lines = text.Lines;
            if (text.ToString(lines[0].Span) != Magic)
            {
                return Failure(path, WeightsFileStatus.Corrupt, 0, $"its encoded copy {file.Path} does not start with the line '{Magic}'");
            }

            if (lines.Count < 3)
            {
                return Failure(path, WeightsFileStatus.Corrupt, 0, $"its encoded copy {file.Path} ends before its line of base64");
            }

            path = text.ToString(lines[1].Span);
            if (lines.Count > 4 || (lines.Count == 4 && lines[3].Span.Length > 0))
            {
                return Failure(path, WeightsFileStatus.Corrupt, 0, "its encoded copy has more than one line of base64");
            }

            TextSpan data = lines[2].Span;
            if (data.Length % 4 != 0)
            {
                return Failure(path, WeightsFileStatus.Corrupt, 0, "its encoded copy is not whole base64 (the length is not a multiple of 4)");
            }

            int padding = data.Length == 0 ? 0 : text[data.End - 1] != '=' ? 0 : text[data.End - 2] == '=' ? 2 : 1;
            long length = (data.Length / 4 * 3L) - padding;
            if (length > NetworkLimits.MaxWeightsFileBytes)
            {
                return Failure(path, WeightsFileStatus.TooLarge, length, string.Empty);
            }

            byte[] bytes = Decode(text, data, (int)length, cancellationToken);
            return new WeightsFile(path, WeightsFileStatus.Read, length, string.Empty, SafeTensorsReader.Read(bytes));
        }
        catch (SafeTensorsFormatException exception)
        {
            return Failure(path, WeightsFileStatus.Corrupt, 0, exception.Message);
        }
        catch (FormatException)
        {
            return Failure(path, WeightsFileStatus.Corrupt, 0, "its encoded copy is not valid base64");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A throwing generator fails the user's whole build (CS8785); a bug here becomes a diagnostic instead.
            return Failure(path, WeightsFileStatus.Failed, 0, exception.Message);
        }
    }

    /// <summary>Decodes in chunks, so that no string of the whole encoded text is ever built.</summary>
    private static byte[] Decode(SourceText text, TextSpan data, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        var chunk = new char[Math.Min(ChunkChars, data.Length)];
        int written = 0;
        for (int start = data.Start; start < data.End; start += chunk.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(chunk.Length, data.End - start);
            text.CopyTo(start, chunk, 0, count);
            byte[] decoded = Convert.FromBase64CharArray(chunk, 0, count);
            if (written + decoded.Length > length)
            {
                throw new FormatException();
            }

            Buffer.BlockCopy(decoded, 0, bytes, written, decoded.Length);
            written += decoded.Length;
        }

        // Convert skips whitespace; a line holding any decodes short.
        return written == length ? bytes : throw new FormatException();
    }

    private static WeightsFile Failure(string path, WeightsFileStatus status, long length, string problem) =>
        new(path, status, length, problem, EquatableArray<WeightsTensor>.Empty);
}
