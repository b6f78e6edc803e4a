using System;
using BenchmarkDotNet.Attributes;
using RnnGen.Training;

namespace RnnGen.Bench;

/// <summary>BenchmarkDotNet's view of the training step: <c>dotnet run -c Release --project bench/RnnGen.Bench -- --filter *Training*</c>.</summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private TrainingWorkload _workload = null!;

    [Params("Lstm32", "Lstm128", "Gru32", "Gru128")]
    public string Model { get; set; } = "Lstm32";

    [Params(1, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ITrainableNetwork network = Model switch
        {
            "Lstm32" => new Lstm32(),
            "Lstm128" => new Lstm128(),
            "Gru32" => new Gru32(),
            _ => new Gru128(),
        };
        _workload = new TrainingWorkload(network, steps: 64, Batch);
    }

    [Benchmark]
    public void TrainingStep() => _workload.Run();
}
