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
}
