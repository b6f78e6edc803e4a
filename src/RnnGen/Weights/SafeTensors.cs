using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace RnnGen.Weights;

/// <summary>
/// Loads a network's parameters from, and saves them to, the safetensors format that PyTorch users
/// write with <c>safetensors.torch.save_file(model.state_dict(), path)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Loading checks the whole file before it sets anything: the header's structure, every tensor's
/// offsets (they must tile the data exactly), and every tensor's name, dtype and shape against the
/// network. All problems found are reported together in one <see cref="WeightFileException"/>, and
/// the network is then unchanged. F32, F16 and BF16 tensors load; F16 and BF16 are widened exactly.
/// </para>
/// <para>
/// Saving writes F32 tensors in <c>state_dict</c> order under the mapped names, so that
/// <c>model.load_state_dict(safetensors.torch.load_file(path))</c> restores the same module.
/// </para>
/// </remarks>
public static class SafeTensors
{
    private const int HeaderAlignment = 8;

    /// <summary>Loads every parameter of <paramref name="network"/> from the file at <paramref name="path"/>.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="path">The safetensors file; only its header and the tensors the network needs are read.</param>
    /// <param name="options">Name mapping and whether extra tensors are ignored; defaults when null.</param>
    /// <exception cref="WeightFileException">The file is malformed or does not fit the network; nothing was set.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static void Load(IRecurrentNetwork network, string path, SafeTensorsLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Load(network, ByteSource.FromFile(file, path), options ?? new SafeTensorsLoadOptions());
    }

    /// <summary>Loads every parameter of <paramref name="network"/> from a safetensors file held in memory.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="file">The whole file.</param>
    /// <param name="fileName">The name to give the file in messages.</param>
    /// <param name="options">Name mapping and whether extra tensors are ignored; defaults when null.</param>
    /// <exception cref="WeightFileException">The file is malformed or does not fit the network; nothing was set.</exception>
    public static void Load(IRecurrentNetwork network, ReadOnlyMemory<byte> file, string fileName, SafeTensorsLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(fileName);
        Load(network, ByteSource.FromMemory(file, fileName), options ?? new SafeTensorsLoadOptions());
    }

    /// <summary>Loads every parameter of <paramref name="network"/> from a safetensors file that starts at the stream's position.</summary>
    /// <param name="network">The network to fill.</param>
    /// <param name="stream">The file; read in place when seekable, else copied into memory first.</param>
    /// <param name="fileName">The name to give the file in messages.</param>
    /// <param name="options">Name mapping and whether extra tensors are ignored; defaults when null.</param>
    /// <exception cref="WeightFileException">The file is malformed or does not fit the network; nothing was set.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static void Load(IRecurrentNetwork network, Stream stream, string fileName, SafeTensorsLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        Load(network, ByteSource.FromStream(stream, fileName), options ?? new SafeTensorsLoadOptions());
    }

    /// <summary>Writes every parameter of <paramref name="network"/> to a safetensors file at <paramref name="path"/>, replacing it only once the whole file is written.</summary>
    /// <param name="network">The network to save.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="options">Name mapping and metadata; defaults when null.</param>
    /// <exception cref="ArgumentException">The name map gives two parameters the same name, or a metadata value is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(IRecurrentNetwork network, string path, SafeTensorsSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Written beside the target and moved over it, so a failed save never leaves a damaged file behind.
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Save(network, file, options);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes every parameter of <paramref name="network"/> as a safetensors file to <paramref name="destination"/>.</summary>
    /// <param name="network">The network to save.</param>
    /// <param name="destination">Where the file's bytes go, from its current position.</param>
    /// <param name="options">Name mapping and metadata; defaults when null.</param>
    /// <exception cref="ArgumentException">The name map gives two parameters the same name, or a metadata value is null.</exception>
    public static void Save(IRecurrentNetwork network, Stream destination, SafeTensorsSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new SafeTensorsSaveOptions();

        IReadOnlyList<string> names = network.ParameterNames;
        byte[] header = WriteHeader(network, names, options);

        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        destination.Write(header);
        foreach (string name in names)
        {
            var values = new float[TensorShape.ElementCount(network.ParameterShape(name))];
            network.GetParameter(name, values);
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(values[i])));
                }
            }

            destination.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static byte[] WriteHeader(IRecurrentNetwork network, IReadOnlyList<string> names, SafeTensorsSaveOptions options)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
        foreach ((string key, string value) in options.Metadata ?? new Dictionary<string, string>())
        {
            ArgumentNullException.ThrowIfNull(value, nameof(options));
            metadata[key] = value;
        }

        var fileNames = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            foreach ((string key, string value) in metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            long offset = 0;
            foreach (string name in names)
            {
                string fileName = options.Names.ToFileName(name);
                if (fileName == "__metadata__" || !fileNames.Add(fileName))
                {
                    throw new ArgumentException($"The name map turns parameter '{name}' into '{fileName}', which is taken.", nameof(options));
                }

                int[] shape = network.ParameterShape(name);
                long end = offset + ((long)TensorShape.ElementCount(shape) * sizeof(float));
                writer.WriteStartObject(fileName);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int dim in shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }

            writer.WriteEndObject();
        }

        // Spaces pad the header so the data starts 8-byte aligned, as the reference writer does, for
        // readers that map the data in place.
        int padded = (buffer.WrittenCount + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void Load(IRecurrentNetwork network, ByteSource source, SafeTensorsLoadOptions options)
    {
        var problems = new ProblemList(source.FileName);
        SafeTensorsHeader header = SafeTensorsHeader.Read(source, problems);
        var expected = new HashSet<string>(network.ParameterNames, StringComparer.Ordinal);
        var matched = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);

        foreach (SafeTensorsEntry entry in header.Entries)
        {
            string name = options.Names.ToNetworkName(entry.Name);
            if (!expected.Contains(name))
            {
                if (!options.IgnoreExtraTensors)
                {
                    problems.Add($"tensor '{entry.Name}'{AsParameter(entry.Name, name)} is not a parameter of the network ({string.Join(", ", network.ParameterNames)}); load with IgnoreExtraTensors to skip it.");
                }

                continue;
            }

            if (matched.TryGetValue(name, out SafeTensorsEntry? other))
            {
                problems.Add($"tensors '{other.Name}' and '{entry.Name}' both map to parameter '{name}'.");
                continue;
            }

            matched.Add(name, entry);
            if (!SafeTensorsDTypes.IsLoadable(entry.DType))
            {
                problems.Add($"tensor '{entry.Name}'{AsParameter(entry.Name, name)} has dtype {entry.DType}; RnnGen loads {SafeTensorsDTypes.Loadable}.");
            }

            int[] shape = network.ParameterShape(name);
            if (!TensorShape.SameAs(entry.Shape, shape))
            {
                problems.Add($"tensor '{entry.Name}'{AsParameter(entry.Name, name)} has shape {TensorShape.Format(entry.Shape)}, expected {TensorShape.Format(shape)}.");
            }
        }

        foreach (string name in network.ParameterNames)
        {
            if (!matched.ContainsKey(name))
            {
                string fileName = options.Names.ToFileName(name);
                problems.Add($"tensor '{fileName}'{AsParameter(fileName, name)} is missing; expected shape {TensorShape.Format(network.ParameterShape(name))}.");
            }
        }

        problems.ThrowIfAny();
        var values = new List<KeyValuePair<string, float[]>>(matched.Count);
        foreach (string name in network.ParameterNames)
        {
            SafeTensorsEntry entry = matched[name];
            var parameter = new float[TensorShape.ElementCount(network.ParameterShape(name))];
            byte[] bytes = new byte[entry.End - entry.Begin];
            source.Read(header.DataStart + entry.Begin, bytes);
            SafeTensorsDTypes.ToSingle(entry.DType, bytes, parameter);
            values.Add(new KeyValuePair<string, float[]>(name, parameter));
        }

        ParameterUpdate.Apply(network, values);
    }

    private static string AsParameter(string fileName, string networkName) =>
        fileName == networkName ? string.Empty : $" (parameter '{networkName}')";
}
