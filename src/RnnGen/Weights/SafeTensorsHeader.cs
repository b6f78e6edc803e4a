using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace RnnGen.Weights;

/// <summary>One tensor of a safetensors header; <see cref="Shape"/> and the offsets are checked, <see cref="DType"/> is a known one.</summary>
/// <param name="Name">The tensor's name in the file.</param>
/// <param name="DType">The dtype, e.g. <c>F32</c>.</param>
/// <param name="Shape">The dimensions, each non-negative.</param>
/// <param name="Begin">The first byte, relative to the data section.</param>
/// <param name="End">One past the last byte, relative to the data section.</param>
internal sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// The parsed and validated header of a safetensors file: an 8-byte little-endian length N, N bytes of
/// JSON mapping tensor names to dtype, shape and data offsets (plus an optional <c>__metadata__</c>
/// map of strings), then the data, which the tensors must cover exactly, without gaps or overlaps.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The largest header the reference implementation accepts; larger ones are refused before any allocation.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    // NumPy 2's limit on the number of dimensions; no real tensor comes near it.
    private const int MaxRank = 64;

    // Reused for every array of a header, so that reading one costs only its result.
    [ThreadStatic]
    private static List<long>? t_scratch;

    private SafeTensorsHeader(long dataStart, List<SafeTensorsEntry> entries)
    {
        DataStart = dataStart;
        Entries = entries;
    }

    /// <summary>Where the data section starts in the file.</summary>
    public long DataStart { get; }

    /// <summary>The tensors whose entry is well-formed, in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>Reads and checks the header, adding the problems of its entries and offsets to <paramref name="problems"/>.</summary>
    /// <exception cref="WeightFileException">The file is too short or the header is not a JSON object.</exception>
    public static SafeTensorsHeader Read(ByteSource source, ProblemList problems)
    {
        long fileLength = source.Length;
        if (fileLength < sizeof(ulong))
        {
            throw Fail(source, $"the file has {fileLength} bytes, fewer than the 8 that state the header length: it is empty or truncated.");
        }

        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        source.Read(0, prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - sizeof(ulong)))
        {
            throw Fail(source, $"the header length {headerLength} runs past the end of the {fileLength}-byte file: it is truncated or not a safetensors file.");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Fail(source, $"the header length {headerLength} exceeds the format's limit of {MaxHeaderLength} bytes.");
        }

        var header = new byte[headerLength];
        source.Read(sizeof(ulong), header);
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw Fail(source, "the header is not a JSON object (it must start with '{').");
        }

        // JSON text must be UTF-8; checked up front so a tensor name is never decoded with replacement characters.
        if (!Utf8.IsValid(header))
        {
            throw Fail(source, "the header is not valid UTF-8.");
        }

        // A streaming reader rather than a document: what a hostile header costs is then only the
        // entries it holds, not a parse tree of every token.
        long dataStart = sizeof(ulong) + (long)headerLength;
        var entries = new List<SafeTensorsEntry>();
        var spans = new List<(string Name, long Begin, long End)>();
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            reader.Read();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (!seen.Add(name))
                {
                    problems.Add($"'{name}' appears more than once in the header.");
                    reader.Skip();
                }
                else if (name == MetadataKey)
                {
                    CheckMetadata(ref reader, problems);
                }
                else if (ReadEntry(ref reader, name, spans, problems) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            // Anything but whitespace after the closing brace makes this read throw.
            reader.Read();
        }
        catch (JsonException exception)
        {
            throw Fail(source, $"the header is not valid JSON: {exception.Message}");
        }

        CheckCoverage(spans, fileLength - dataStart, problems);
        return new SafeTensorsHeader(dataStart, entries);
    }

    private static void CheckMetadata(ref Utf8JsonReader reader, ProblemList problems)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{MetadataKey} is a JSON {Kind(reader.TokenType)}, not an object of strings.");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                problems.Add($"{MetadataKey} entry '{key}' is a JSON {Kind(reader.TokenType)}, not a string.");
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// The entry if it is well-formed; its offsets go to <paramref name="spans"/> whenever they are, so
    /// that coverage is checked even for an entry with a bad dtype or shape.
    /// </summary>
    private static SafeTensorsEntry? ReadEntry(ref Utf8JsonReader reader, string name, List<(string Name, long Begin, long End)> spans, ProblemList problems)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"tensor '{name}': its entry is a JSON {Kind(reader.TokenType)}, not an object.");
            reader.Skip();
            return null;
        }

        int before = problems.Count;
        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        bool hasDType = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            switch (key)
            {
                case "dtype" when reader.TokenType == JsonTokenType.String:
                    hasDType = true;
                    dtype = SafeTensorsDTypes.Known(ref reader);
                    if (dtype is null)
                    {
                        problems.Add($"tensor '{name}': unknown dtype '{reader.GetString()}'.");
                    }

                    break;
                case "shape":
                    shape = ReadIntegers(ref reader, key, name, problems);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(ref reader, key, name, problems);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!hasDType)
        {
            problems.Add($"tensor '{name}': no \"dtype\" string.");
        }

        if (offsets is not null && offsets.Length != 2)
        {
            problems.Add($"tensor '{name}': \"data_offsets\" has {offsets.Length} numbers, not 2 (begin, end).");
        }
        else if (offsets is not null && offsets[0] > offsets[1])
        {
            problems.Add($"tensor '{name}': \"data_offsets\" [{offsets[0]}, {offsets[1]}] end before they begin.");
        }
        else if (offsets is not null)
        {
            spans.Add((name, offsets[0], offsets[1]));
        }

        if (problems.Count > before || shape is null || offsets is null)
        {
            return null;
        }

        long? bytes = TensorShape.ElementCount(shape) is { } count ? CheckedBytes(count, SafeTensorsDTypes.SizeOf(dtype!)!.Value) : null;
        if (bytes is null)
        {
            problems.Add($"tensor '{name}': shape {TensorShape.Format(shape)} has more elements than any file can hold.");
            return null;
        }

        if (offsets[1] - offsets[0] != bytes)
        {
            problems.Add(
                $"tensor '{name}': shape {TensorShape.Format(shape)} of {dtype} takes {bytes} bytes, but \"data_offsets\" [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}.");
            return null;
        }

        return new SafeTensorsEntry(name, dtype!, shape, offsets[0], offsets[1]);
    }

    private static long? CheckedBytes(long count, int size)
    {
        try
        {
            return checked(count * size);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>An array of at most <see cref="MaxRank"/> non-negative integers; null, with a problem added, otherwise.</summary>
    private static long[]? ReadIntegers(ref Utf8JsonReader reader, string key, string name, ProblemList problems)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"tensor '{name}': \"{key}\" is a JSON {Kind(reader.TokenType)}, not an array.");
            reader.Skip();
            return null;
        }

        List<long> values = Scratch;
        values.Clear();
        string? problem = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (problem is not null)
            {
                reader.Skip();
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                string text = reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : "a JSON " + Kind(reader.TokenType);
                problem = $"tensor '{name}': \"{key}\" holds {text}, not a non-negative integer.";
                reader.Skip();
            }
            else if (values.Count == MaxRank)
            {
                problem = $"tensor '{name}': \"{key}\" has more than {MaxRank} numbers.";
            }
            else
            {
                values.Add(value);
            }
        }

        if (problem is not null)
        {
            problems.Add(problem);
            return null;
        }

        return [.. values];
    }

    private static List<long> Scratch => t_scratch ??= new List<long>(MaxRank);

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "Object",
        JsonTokenType.StartArray => "Array",
        _ => token.ToString(),
    };

    // The format requires the tensors to tile the data section exactly: a gap could hide data, an
    // overlap would make two tensors alias, and bytes past the last tensor mean a damaged file.
    private static void CheckCoverage(List<(string Name, long Begin, long End)> spans, long dataLength, ProblemList problems)
    {
        (string Name, long Begin, long End)? previous = null;
        long covered = 0;
        foreach ((string name, long begin, long end) in spans.OrderBy(s => s.Begin).ThenBy(s => s.End))
        {
            if (end > dataLength)
            {
                problems.Add($"tensor '{name}': data_offsets [{begin}, {end}] run past the end of the {dataLength}-byte data section.");
            }

            if (begin < covered)
            {
                problems.Add($"tensor '{name}': data_offsets [{begin}, {end}] overlap those of '{previous!.Value.Name}' [{previous.Value.Begin}, {previous.Value.End}].");
            }
            else if (begin > covered)
            {
                problems.Add($"tensor '{name}': data_offsets [{begin}, {end}] leave bytes [{covered}, {begin}) of the data section unused.");
            }

            if (end >= covered)
            {
                covered = end;
                previous = (name, begin, end);
            }
        }

        if (covered < dataLength)
        {
            problems.Add($"the data section has {dataLength} bytes but its tensors end at {covered}: the file has trailing bytes or a damaged header.");
        }
    }

    private static WeightFileException Fail(ByteSource source, string problem) => new(source.FileName, problem);
}
