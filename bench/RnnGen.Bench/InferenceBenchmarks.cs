using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace RnnGen.Bench;

/// <summary>
/// BenchmarkDotNet's view of the inference workloads of the quick mode, ns per step:
/// <c>dotnet run -c Release --project bench/RnnGen.Bench -- --filter *Inference*</c>.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private const int SequenceLength = 64;

    private InferenceWorkload _workload = null!;
    private InferenceImplementation[] _implementations = [];
    private InferenceImplementation _implementation = null!;

    public static IEnumerable<string> Models => InferenceModel.All.Select(model => model.Name);

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "LSTM 1→32";

    [Params("generated", "ONNX Runtime", "naive", "TensorPrimitives")]
    public string Implementation { get; set; } = "generated";

    [GlobalSetup]
    public void Setup()
    {
        InferenceModel model = InferenceModel.Named(Model);
        _workload = new InferenceWorkload(model.Weights, SequenceLength);
        _implementations = model.CreateImplementations(SequenceLength);
        _workload.CheckAgreement(model.Name, _implementations);
        _implementation = _implementations.Single(implementation => implementation.Name == Implementation);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (InferenceImplementation implementation in _implementations)
        {
            (implementation as IDisposable)?.Dispose();
        }
    }

    [Benchmark(OperationsPerInvoke = SequenceLength)]
    public void Streaming() => _workload.RunStreaming(_implementation);

    [Benchmark(OperationsPerInvoke = SequenceLength)]
    public void Sequence() => _workload.RunSequence(_implementation);
}
