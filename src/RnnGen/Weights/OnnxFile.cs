using System;

namespace RnnGen.Weights;

/// <summary>A model being imported: its bytes, its name for messages, where its external data is, and its parse budget.</summary>
internal sealed class OnnxFile(ReadOnlyMemory<byte> bytes, string name, string? externalDataDirectory)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public string Name { get; } = name;

    /// <summary>The directory external data locations are relative to, or null when the model came from memory alone.</summary>
    public string? ExternalDataDirectory { get; } = externalDataDirectory;

    public ParseBudget Budget { get; } = new(bytes.Length, name);

    /// <summary>A reader of the message at <paramref name="message"/>, called <paramref name="context"/> in messages.</summary>
    public ProtoReader Reader(ByteRange message, string context) => new(Bytes.Span, message, Name, context, Budget);
}
