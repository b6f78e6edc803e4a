using System;
using System.IO;
using System.Text;

namespace RnnGen.Training;

/// <summary>
/// The checkpoint file: a header, the network's shape, its parameters, the trainer's position, the optimizer's
/// state, and an end tag. It is written to a temporary file in the same directory, flushed to disk, and then
/// moved over the old one, so a crash leaves either the old checkpoint or the new one, never a mixture.
/// </summary>
internal static class TrainerCheckpoint
{
    private const string Magic = "RnnGen.TrainerCheckpoint";
    private const string EndTag = "end";
    private const int FormatVersion = 1;

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

        string stored = ReadShape(reader);
        string expected = Shape(network);
        if (stored != expected)
        {
            throw new InvalidDataException($"The checkpoint is of a network {stored}; this network is {expected}.");
        }

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
        writer.Write((int)network.Cell);
        writer.Write(network.InputSize);
        writer.Write(network.HiddenSize);
        writer.Write(network.Layers);
        writer.Write(network.OutputSize);
        writer.Write(network.ParameterCount);
        BinarySingles.Write(writer, network.ParameterValues);
        position.Write(writer);
        optimizer.SaveState(writer);
        writer.Write(EndTag);
    }

    private static string ReadShape(BinaryReader reader)
    {
        var cell = (CellType)reader.ReadInt32();
        int inputSize = reader.ReadInt32();
        int hiddenSize = reader.ReadInt32();
        int layers = reader.ReadInt32();
        int outputSize = reader.ReadInt32();
        int parameterCount = reader.ReadInt32();
        return Shape(cell, inputSize, hiddenSize, layers, outputSize, parameterCount);
    }

    private static string Shape(ITrainableNetwork network) =>
        Shape(network.Cell, network.InputSize, network.HiddenSize, network.Layers, network.OutputSize, network.ParameterCount);

    private static string Shape(CellType cell, int inputSize, int hiddenSize, int layers, int outputSize, int parameterCount) =>
        $"({cell}, input {inputSize}, hidden {hiddenSize}, {layers} layers, output {outputSize}, {parameterCount} parameters)";
}
