using System;
using System.IO;

namespace RnnGen.Weights;

/// <summary>
/// Loads a network's parameters from an ONNX model exported by <c>torch.onnx.export</c>: its LSTM, GRU
/// or RNN nodes (one per layer), its dense head (Gemm, or MatMul then Add), and for a network on token ids
/// (<see cref="RecurrentNetworkAttribute.VocabularySize"/>) its <c>embedding.weight</c>, the table that
/// nn.Embedding's <c>Gather</c> reads before the first layer.
/// </summary>
/// <remarks>
/// <para>
/// The importer checks the graph against the network before it sets anything: the input (floats, or for a
/// token network a Gather of a [VocabularySize, InputSize] table along its rows by the graph's ids), the cell,
/// the number of layers and their chaining, the direction, the sizes, the activations (for an RNN the
/// nonlinearity, for the head its activation, both as declared in the class's
/// <see cref="RecurrentNetworkAttribute"/>), and for a GRU <c>linear_before_reset = 1</c>. It converts
/// ONNX's gate orders (LSTM i, o, f, c; GRU z, r, h) and its concatenated bias to PyTorch's. All
/// problems found are reported together in one <see cref="WeightFileException"/>, and the network is
/// then unchanged.
/// </para>
/// <para>
/// Weights may be stored as <c>raw_data</c>, as <c>float_data</c> (FLOAT16 and BFLOAT16 as
/// <c>int32_data</c>) or in external data files, whose locations are relative to the model's directory
/// and may not leave it.
/// </para>
/// </remarks>
public static class OnnxImport
{
    /// <summary>Loads every parameter of <paramref name="network"/> from the ONNX model at <paramref name="path"/>.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="path">The <c>.onnx</c> file; external data files are looked up beside it.</param>
    /// <exception cref="WeightFileException">The model is malformed or does not match the network; nothing was set.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static void Load(IRecurrentNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
        {
            throw new WeightFileException(path, $"the file has {length} bytes, more than a protobuf message can hold; save large weights as external data.");
        }

        Load(network, File.ReadAllBytes(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Loads every parameter of <paramref name="network"/> from an ONNX model held in memory.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="model">The serialized <c>ModelProto</c>.</param>
    /// <param name="fileName">The name to give the model in messages.</param>
    /// <param name="externalDataDirectory">Where the model's external data files are, or null if it has none.</param>
    /// <exception cref="WeightFileException">The model is malformed or does not match the network; nothing was set.</exception>
    public static void Load(IRecurrentNetwork network, ReadOnlyMemory<byte> model, string fileName, string? externalDataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(fileName);
        ParameterUpdate.Apply(network, OnnxRecurrentImporter.Import(model, fileName, externalDataDirectory, network));
    }

    /// <summary>Loads every parameter of <paramref name="network"/> from an ONNX model read from <paramref name="stream"/> to its end.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="stream">The serialized <c>ModelProto</c>.</param>
    /// <param name="fileName">The name to give the model in messages.</param>
    /// <param name="externalDataDirectory">Where the model's external data files are, or null if it has none.</param>
    /// <exception cref="WeightFileException">The model is malformed or does not match the network; nothing was set.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static void Load(IRecurrentNetwork network, Stream stream, string fileName, string? externalDataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Load(network, copy.GetBuffer().AsMemory(0, (int)copy.Length), fileName, externalDataDirectory);
    }
}
