using System;
using System.IO;
using System.Linq;
using System.Text;

namespace RnnGen.Training;

/// <summary>
/// The checkpoint file: a header, what identifies the network (each layer's cell and sizes, the output size, and
/// every parameter's name and shape), its parameters, the trainer's position, the optimizer's state, and an end tag.
/// It is written to a temporary file in the same directory, flushed to disk, and then moved over the old one, so a
/// crash leaves either the old checkpoint or the new one, never a mixture.
/// </summary>
internal static class TrainerCheckpoint
{
    private const string Magic = "RnnGen.TrainerCheckpoint";
    private const string EndTag = "end";
    // Version 1, before any release, identified the network by layer 0's shape and the parameter count alone.
    private const int FormatVersion = 2;

    public static void Save(string path, ITrainableNetwork network, IOptimizer optimizer, TrainerPosition position)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        bool moved = false;
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    Write(writer, network, optimizer, position);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
            moved = true;
        }
        finally
        {
            if (!moved && File.Exists(temporaryPath))
            {
                File.Delete(temporaryPath);
            }
        }
    }

    /// <summary>
    /// Reads a checkpoint into the network and optimizer and returns the trainer's position. The network is
    /// changed only once the whole file has been read; the optimizer once its own part has.
    /// </summary>
    public static TrainerPosition Load(string path, ITrainableNetwork network, IOptimizer optimizer)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        BinarySingles.ExpectTag(reader, Magic, "checkpoint header");
        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The checkpoint has format version {version}; this library reads version {FormatVersion}.");
        }

        CheckIdentity(reader.ReadString(), Identity(network));

        float[] parameters = BinarySingles.Read(reader, network.ParameterCount, "parameters");
        TrainerPosition position = TrainerPosition.Read(reader, network.ParameterCount);
        optimizer.LoadState(reader);
        BinarySingles.ExpectTag(reader, EndTag, "end of checkpoint");
        parameters.CopyTo(network.ParameterValues);
        network.ParametersChanged();
        return position;
    }

    private static void Write(BinaryWriter writer, ITrainableNetwork network, IOptimizer optimizer, TrainerPosition position)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Identity(network));
        BinarySingles.Write(writer, network.ParameterValues);
        position.Write(writer);
        optimizer.SaveState(writer);
        writer.Write(EndTag);
    }

    /// <summary>
    /// What must agree for a checkpoint's parameters to mean the same in another network: each layer's cell and sizes
    /// (a tanh and a relu RNN have the same tensors), the output size, and each parameter's name and shape, which tell
    /// directions, an embedding table and a head apart. Items are separated by "; ". The head's activation is not among
    /// them (the interface does not expose it): networks that differ only there share their parameters' meaning up to it.
    /// </summary>
    private static string Identity(ITrainableNetwork network)
    {
        var identity = new StringBuilder();
        identity.Append(string.Join("; ", network.LayerShapes.Select((layer, index) =>
            $"layer {index} {layer.Cell} {layer.InputSize} → {layer.HiddenSize}{(layer.Cell == CellType.Rnn ? $" {layer.Nonlinearity}" : string.Empty)}")));
        identity.Append("; output ").Append(network.OutputSize);
        foreach (string name in network.ParameterNames)
        {
            identity.Append("; ").Append(name).Append(" [").Append(string.Join(", ", network.ParameterShape(name))).Append(']');
        }

        return identity.ToString();
    }

    /// <summary>Refuses a checkpoint of another network, naming the first item where the two differ.</summary>
    private static void CheckIdentity(string stored, string expected)
    {
        if (stored == expected)
        {
            return;
        }

        string[] storedItems = stored.Split("; ");
        string[] expectedItems = expected.Split("; ");
        int differing = Enumerable.Range(0, Math.Min(storedItems.Length, expectedItems.Length)).FirstOrDefault(index => storedItems[index] != expectedItems[index], -1);
        throw new InvalidDataException(
            differing >= 0 ? $"The checkpoint is of another network: it has {storedItems[differing]} where this network has {expectedItems[differing]}."
            : storedItems.Length > expectedItems.Length ? $"The checkpoint is of another network: it also has {storedItems[expectedItems.Length]}."
            : $"The checkpoint is of another network: this network also has {expectedItems[storedItems.Length]}.");
    }
}
