using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace RnnGen.Bench;

/// <summary>
/// BenchmarkDotNet's view of the quick mode's multi-stream workload, ns per step per stream:
/// <c>dotnet run -c Release --project bench/RnnGen.Bench -- --filter *MultiStream*</c>.
/// </summary>
[MemoryDiagnoser]
public class MultiStreamBenchmarks
{
    private const int Streams = 16;
    private const int Steps = 16;

    private InferenceWorkload _workload = null!;
    private InferenceImplementation[] _implementations = [];
    private InferenceImplementation _implementation = null!;

    public static IEnumerable<string> Models => InferenceModel.All.Select(model => model.Name);

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "LSTM 1→128";

    [Params("generated multi-stream", "ONNX Runtime")]
    public string Implementation { get; set; } = "generated multi-stream";

    [GlobalSetup]
    public void Setup()
    {
        InferenceModel model = InferenceModel.Named(Model);
        _workload = new InferenceWorkload(model.Weights, Steps, Streams);
        _implementations = model.CreateMultiStreamImplementations(Streams);
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

    [Benchmark(OperationsPerInvoke = Steps * Streams)]
    public void StepAllStreams() => _workload.RunStreaming(_implementation);
}
