using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Weights files as the compiler sees them. RnnGen's build step (<c>build/RnnGen.targets</c>) turns each
/// <c>.safetensors</c> AdditionalFile into a text copy (a magic line, the original path, the bytes in base64),
/// because the compiler cannot give a generator a binary file; these helpers make that copy in memory.
/// </summary>
internal static class WeightsFiles
{
    public const string Magic = "RnnGen weights, base64 v1";

    public const string EncodedExtension = ".rnngen-base64";

    /// <summary>The encoded copy of <paramref name="bytes"/> saved at <paramref name="path"/>, as the build step writes it.</summary>
    public static AdditionalText Encoded(string path, byte[] bytes) =>
        new InMemoryAdditionalText($"/obj/rnngen/{StableHash(path):x8}/{System.IO.Path.GetFileName(path)}{EncodedExtension}", Magic + "\n" + path + "\n" + Convert.ToBase64String(bytes) + "\n");

    /// <summary>FNV-1a, as the build step names each copy's folder.</summary>
    public static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    /// <summary>An encoded copy with any text at all.</summary>
    public static AdditionalText EncodedText(string path, string text) =>
        new InMemoryAdditionalText($"/obj/rnngen/0/{System.IO.Path.GetFileName(path)}{EncodedExtension}", text);

    /// <summary>A binary file that reached the compiler without the build step; reading its text fails the test, as it would fail the build (CS2015).</summary>
    public static AdditionalText Raw(string path) => new BinaryAdditionalText(path);

    internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class BinaryAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"The generator read the binary file {Path} as text; the compiler would report CS2015.");
    }
}
