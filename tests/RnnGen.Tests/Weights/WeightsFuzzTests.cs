using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using RnnGen.Tests.Generator;

namespace RnnGen.Tests.Weights;

/// <summary>
/// A weights file comes from outside: whatever its bytes, the generator reports a diagnostic (or embeds
/// a file that is still valid) and never throws, which would fail the user's whole build with CS8785.
/// </summary>
public sealed class WeightsFuzzTests
{
    private const string Declaration = "using RnnGen; [RecurrentNetwork(CellType.Lstm, 3, 2, OutputSize = 2, Weights = \"model.safetensors\")] public partial class Net;";
    private const string JsonCharacters = "{}[]\":,0123456789-.e\\ ";
    private static readonly string[] Expected = { "RNNG014", "RNNG016", "RNNG017", "RNNG018", "RNNG019" };

    [Fact]
    public void EveryTruncationIsReportedAsCorrupt()
    {
        byte[] valid = WeightsDiagnosticTests.ValidFile();
        var run = new IncrementalRun();

        for (int length = 0; length < valid.Length; length++)
        {
            var diagnostics = run.Generate(valid.AsSpan(0, length).ToArray(), out int sources);

            Assert.Equal(0, sources);
            Assert.Equal("RNNG014", Assert.Single(diagnostics).Id);
        }
    }

    [Fact]
    public void MutatedFilesNeverCrashTheGenerator()
    {
        byte[] valid = WeightsDiagnosticTests.ValidFile();
        int headerEnd = 8 + (int)BitConverter.ToUInt64(valid, 0);
        var random = new Random(20240611);
        var run = new IncrementalRun();
        int embedded = 0;

        for (int iteration = 0; iteration < 3000; iteration++)
        {
            byte[] mutated = Mutate(valid, headerEnd, random);
            var diagnostics = run.Generate(mutated, out int sources);

            // Either the file is still valid and embedded, or the user is told why not: never both, never neither.
            Assert.True(sources == 1 ^ diagnostics.Length > 0, $"iteration {iteration}: {sources} sources and {diagnostics.Length} diagnostics");
            Assert.All(diagnostics, diagnostic => Assert.Contains(diagnostic.Id, Expected));
            embedded += sources;
        }

        // Mutations of the data alone leave a valid file: the embedding path is fuzzed too.
        Assert.InRange(embedded, 1, 2999);
    }

    /// <summary>One to four edits, mostly in the header, where the structure is: byte changes, insertions, deletions, or a new header length.</summary>
    private static byte[] Mutate(byte[] valid, int headerEnd, Random random)
    {
        var bytes = valid.ToList();
        int edits = random.Next(1, 5);
        for (int edit = 0; edit < edits && bytes.Count > 0; edit++)
        {
            int position = random.NextDouble() < 0.8 ? random.Next(Math.Min(headerEnd, bytes.Count)) : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[position] = (byte)JsonCharacters[random.Next(JsonCharacters.Length)];
                    break;
                case 2:
                    bytes.Insert(position, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveAt(position);
                    break;
                case 4:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    byte[] length = BitConverter.GetBytes(random.NextDouble() < 0.5 ? (ulong)random.Next(headerEnd + 64) : (ulong)random.NextInt64());
                    for (int index = 0; index < 8 && index < bytes.Count; index++)
                    {
                        bytes[index] = length[index];
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Re-runs one driver with each new file, as an IDE does when the file changes: only the read and what follows run again.</summary>
    private sealed class IncrementalRun
    {
        private readonly Compilation _compilation = GeneratorHarness.Compile(Declaration);
        private GeneratorDriver _driver;
        private AdditionalText _file;

        public IncrementalRun()
        {
            _file = WeightsFiles.Encoded("/src/model.safetensors", WeightsDiagnosticTests.ValidFile());
            _driver = GeneratorHarness.CreateDriver(additionalTexts: new[] { _file }).RunGenerators(_compilation);
        }

        public Diagnostic[] Generate(byte[] bytes, out int sources)
        {
            AdditionalText next = WeightsFiles.Encoded("/src/model.safetensors", bytes);
            _driver = _driver.ReplaceAdditionalText(_file, next).RunGenerators(_compilation);
            _file = next;
            GeneratorRunResult result = _driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            sources = result.GeneratedSources.Length;
            return result.Diagnostics.ToArray();
        }
    }
}
