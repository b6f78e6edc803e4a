using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RnnGen.Tests.Conformance;
using RnnGen.Weights;
using Xunit.Abstractions;

namespace RnnGen.Tests.Weights;

/// <summary>
/// Seeded fuzzing of both loaders with mutants of valid files: every mutant either loads or is refused
/// with a <see cref="WeightFileException"/> naming it; a refused one leaves the network bit for bit as
/// it was; and no load allocates more than a small multiple of the file (a claimed size never becomes
/// an allocation). Failures print the seed, the mutant's number and its bytes, to replay it.
/// </summary>
public sealed partial class WeightFileFuzzTests(ITestOutputHelper output)
{
    private const int MutantsPerFormat = 10_000;
    private const int Seed = 20_250_401;

    // Generous for the parsers' own bookkeeping and an exception's message, yet far below any
    // allocation a claimed length or shape could cause.
    private const long AllocationAllowance = 1 << 20;
    private const long AllocationPerFileByte = 16;

    [Fact]
    public void MutatedSafeTensorsFilesLoadOrAreRefusedCleanly()
    {
        var tagger = new TinyTagger();
        tagger.InitializeParameters(seed: 70);
        var gru = new SensorGru();
        gru.InitializeParameters(seed: 71);
        var mappedNames = new SafeTensorsLoadOptions { Names = ParameterNameMap.ForModules("lstm", "fc") };
        var lenient = new SafeTensorsLoadOptions { IgnoreExtraTensors = true };
        List<TestTensor> withExtra = SafeTensorsTestFiles.Tensors(gru, "BF16");
        withExtra.Insert(1, new TestTensor("num_batches_tracked", "I64", [], new byte[8]));
        using var saved = new MemoryStream();
        SafeTensors.Save(tagger, saved);

        var seeds = new List<(IRecurrentNetwork Network, byte[] File, SafeTensorsLoadOptions? Options)>
        {
            (tagger, saved.ToArray(), null),
            (tagger, SafeTensorsTestFiles.Build(SafeTensorsTestFiles.Tensors(tagger, "F16", name => name.StartsWith("head.", StringComparison.Ordinal) ? "fc." + name[5..] : "lstm." + name), "{\"format\":\"pt\"}"), mappedNames),
            (gru, SafeTensorsTestFiles.Build(withExtra), lenient),
        };

        Fuzz("safetensors", seeds.Count, (mutator, i) =>
        {
            (IRecurrentNetwork network, byte[] file, SafeTensorsLoadOptions? options) = seeds[i % seeds.Count];
            byte[] mutant = mutator.MutateSafeTensors(file);
            return (network, mutant, name => SafeTensors.Load(network, mutant, name, options));
        });
    }

    [Fact]
    public void MutatedOnnxFilesLoadOrAreRefusedCleanly()
    {
        var seeds = new List<(IRecurrentNetwork Network, byte[] File)>
        {
            (new TinyTagger(), OnnxModel<TinyTagger>(new())),
            (new TinyTagger(), OnnxModel<TinyTagger>(new() { Head = OnnxHeadForm.MatMulAdd, Storage = OnnxStorage.TypedData, BatchFirst = true, ZeroInitialState = true })),
            (new SensorGru(), OnnxModel<SensorGru>(new() { Head = OnnxHeadForm.MatMulAdd, DataType = OnnxGraphBuilder.Float16Type, Storage = OnnxStorage.TypedData })),
            (new ReflexRnn(), OnnxModel<ReflexRnn>(new() { DataType = OnnxGraphBuilder.BFloat16Type })),
        };
        foreach ((IRecurrentNetwork network, _) in seeds)
        {
            network.InitializeParameters(seed: 72);
        }

        Fuzz("onnx", seeds.Count, (mutator, i) =>
        {
            (IRecurrentNetwork network, byte[] file) = seeds[i % seeds.Count];
            byte[] mutant = mutator.MutateProtobuf(file);
            return (network, mutant, name => OnnxImport.Load(network, mutant, name));
        });
    }

    private void Fuzz(string format, int seedCount, Func<FileMutator, int, (IRecurrentNetwork Network, byte[] Mutant, Action<string> Load)> next)
    {
        var mutator = new FileMutator(Seed);
        var baselines = new Dictionary<IRecurrentNetwork, Dictionary<string, float[]>>(ReferenceEqualityComparer.Instance);
        int loaded = 0;
        int refused = 0;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long largestAllocation = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < MutantsPerFormat; i++)
        {
            (IRecurrentNetwork network, byte[] mutant, Action<string> load) = next(mutator, i);
            if (!baselines.TryGetValue(network, out Dictionary<string, float[]>? baseline))
            {
                baselines.Add(network, baseline = WeightTestSupport.Snapshot(network));
            }

            string name = $"{format}-mutant-{i}";
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load(name);
                loaded++;
            }
            catch (WeightFileException exception)
            {
                refused++;
                foreach (string problem in exception.Problems)
                {
                    string kind = ProblemKind().Replace(problem, "#");
                    kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                }

                Assert.True(exception.FileName == name && exception.Message.StartsWith(name + ": ", StringComparison.Ordinal), Replay(format, i, mutant, exception));
                Assert.True(WeightTestSupport.HasParameters(network, baseline), Replay(format, i, mutant, exception) + " The refused file changed the parameters.");
            }
            catch (Exception exception)
            {
                Assert.Fail(Replay(format, i, mutant, exception));
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            largestAllocation = Math.Max(largestAllocation, allocated);
            Assert.True(
                allocated <= AllocationAllowance + (AllocationPerFileByte * mutant.Length),
                Replay(format, i, mutant, null) + $" Loading allocated {allocated} bytes for a {mutant.Length}-byte file.");
            WeightTestSupport.SetAll(network, baseline);
        }

        output.WriteLine(
            $"{MutantsPerFormat} mutated {format} files from {seedCount} seeds (seed {Seed}): {loaded} loaded, {refused} refused, " +
            $"none otherwise; largest allocation by one load {largestAllocation} bytes; {clock.Elapsed.TotalSeconds:F2} s; {kinds.Count} kinds of problem, most often:");
        foreach ((string kind, int count) in kinds.OrderByDescending(k => k.Value).Take(12))
        {
            output.WriteLine($"  {count,6} {kind}");
        }

        Assert.True(refused > MutantsPerFormat / 2, $"Only {refused} of {MutantsPerFormat} mutants were refused: the mutator barely damages the files.");
    }

    // Names, numbers and positions vary between mutants; what is left says which check refused the file.
    [GeneratedRegex(@"'[^']*'|\d+|\[[^\]]*\]")]
    private static partial Regex ProblemKind();

    private static byte[] OnnxModel<TNetwork>(OnnxTestModelOptions options)
    {
        var shape = WeightTestSupport.ShapeOf<TNetwork>();
        return OnnxTestModels.Write(shape, ModelCatalog.RandomParameters(shape, seed: 73), options).Model;
    }

    private static string Replay(string format, int index, byte[] mutant, Exception? exception) =>
        $"{format} mutant {index} of seed {Seed} ({mutant.Length} bytes, base64 {Convert.ToBase64String(mutant)}){(exception is null ? "." : $": {exception}")}";
}
