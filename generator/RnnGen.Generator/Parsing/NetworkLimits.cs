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

    /// <summary>
    /// The largest weights file RnnGen embeds: 16 MiB, about 4 million F32 parameters (8 million in F16
    /// or BF16). The generator runs inside the IDE on every edit that touches the network, holds the file
    /// and the generated source in memory, and writes about 13 characters of C# per parameter: at this
    /// limit that is ~55 MB of source for the compiler to parse, bind and keep, which is already seconds of
    /// work per build. A larger model belongs in a file loaded at run time.
    /// </summary>
    public const int MaxWeightsFileBytes = 16 * 1024 * 1024;
}
