using System;
using System.Diagnostics;
using System.IO;
using System.Runtime;
using RnnGen.Kernels;
using RnnGen.Training;

namespace RnnGen.Bench;

/// <summary>The quick mode: each workload warmed until the JIT is done with it, then timed for a fixed span, into one Markdown table.</summary>
public static class QuickRun
{
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(1.5);

    public static void Run(TextWriter output)
    {
        double peak = FmaPeak.MeasureGflops();
        output.WriteLine($"Instruction set: {InstructionSets.Active}. Measured FMA peak of one core: {peak:F1} GFLOP/s.");
        output.WriteLine();
        output.WriteLine("## Training: forward + backward (BPTT) + Adam step, T = 64");
        output.WriteLine();
        output.WriteLine("| model | batch | ms per batch | sequences/s | GFLOP/s | of FMA peak |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (Func<ITrainableNetwork> create in new Func<ITrainableNetwork>[] { () => new Lstm32(), () => new Lstm128(), () => new Gru32(), () => new Gru128() })
        {
            foreach (int batch in new[] { 1, 32 })
            {
                ITrainableNetwork network = create();
                var workload = new TrainingWorkload(network, steps: 64, batch);
                double seconds = SecondsPerRun(workload.Run);
                double gflops = workload.Flops / seconds / 1e9;
                output.WriteLine($"| {network.Cell} {network.HiddenSize} | {batch} | {seconds * 1e3:F3} | {batch / seconds:F0} | {gflops:F1} | {gflops / peak:P0} |");
            }
        }
    }

    /// <summary>Warms <paramref name="action"/> until a round compiles no new method (tiered JIT done), then times it.</summary>
    private static double SecondsPerRun(Action action)
    {
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 200)
            {
                action();
            }
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() != compiled);

        GC.Collect();
        int runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Measure)
        {
            action();
            runs++;
        }

        return clock.Elapsed.TotalSeconds / runs;
    }
}
