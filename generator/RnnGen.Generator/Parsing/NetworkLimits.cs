namespace RnnGen.Generator.Parsing;

/// <summary>
/// The largest sizes RnnGen generates for. The state of every layer lives inline in the generated
/// <c>State</c> struct (two banks of hidden state plus the LSTM cell: 12 KiB per layer at the largest
/// hidden size), and every generated method stays bounded whatever the sizes, because the kernels loop
/// over tiles of a fixed register budget instead of unrolling a whole layer.
/// </summary>
internal static class NetworkLimits
{
    public const int MaxInputSize = 4096;
    public const int MaxHiddenSize = 1024;
    public const int MaxLayers = 8;
    public const int MaxOutputSize = 4096;
    public const int MaxVocabularySize = 1 << 20;

    /// <summary>
    /// The most values an embedding table holds (VocabularySize × InputSize): 2^26 floats, 256 MiB, so that
    /// the parameter count and every offset stay well inside an int.
    /// </summary>
    public const long MaxEmbeddingValues = 1L << 26;

    /// <summary>
    /// The largest weights file RnnGen reads: 16 MiB. The generator runs inside the IDE, on every edit
    /// that touches the network, and holds the file (and its base64 copy) in memory; a file past this
    /// size is refused before anything is decoded.
    /// </summary>
    public const int MaxWeightsFileBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The most a network embeds: 8 MiB of floats, 2,097,152 parameters. The values become a string
    /// constant, and all the strings of an assembly share one 16 MiB heap (more fails to compile, CS8103),
    /// so one network may take half; it also keeps the generated file (about 12 characters of C# per
    /// parameter, some 25 MB at this limit) within what an IDE holds and parses without stalling.
    /// </summary>
    public const int MaxEmbeddedBytes = 8 * 1024 * 1024;
}
