using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using RnnGen.Kernels;
using RnnGen.Training;

namespace RnnGen.Bench;

/// <summary>The quick mode: each workload warmed until the JIT is done with it, then timed for a fixed span, one Markdown table per section.</summary>
public static class QuickRun
{
    private const int SequenceLength = 64;

    // The multi-stream workload: 16 independent streams per call, 16 calls per timed run.
    private const int Streams = 16;
    private const int MultiStreamSteps = 16;

    /// <param name="output">Receives the Markdown.</param>
    /// <param name="models">When given, only the inference models whose names contain it, and no training section: for looking into one model.</param>
    public static void Run(TextWriter output, string? models = null)
    {
        PhysicalBound bound = PhysicalBound.Measure();
        output.WriteLine($"Instruction set: {InstructionSets.Active}. Measured FMA peak of one core: {bound.PeakGflops:F1} GFLOP/s. "
            + $"Activation latency (one vector): sigmoid {bound.SigmoidNs:F1} ns, tanh {bound.TanhNs:F1} ns.");
        output.WriteLine();
        WriteInference(output, bound, models);
        if (models is null)
        {
            WriteTraining(output, bound.PeakGflops);
            GeneratorCost.Write(output);
        }
    }

    private static void WriteInference(TextWriter output, PhysicalBound bound, string? models)
    {
        var streaming = new List<string>();
        var sequence = new List<string>();
        var allocation = new List<string>();
        var bounds = new List<string>();
        var multiStream = new List<string>();
        var targets = new IssueTargets();
        foreach (InferenceModel model in InferenceModel.All)
        {
            if (models is not null && !model.Name.Contains(models, StringComparison.Ordinal))
            {
                continue;
            }

            (double compute, double memory, double latency, double floor) = bound.Of(model.Weights);
            bounds.Add($"| {model.Name} | {model.Weights.FlopsPerStep:F0} | {compute:F1} | {model.Weights.ParameterCount * sizeof(float)} | {memory:F1} | {latency:F1} | **{floor:F1}** |");
            var workload = new InferenceWorkload(model.Weights, SequenceLength);
            InferenceImplementation[] implementations = model.CreateImplementations(SequenceLength);
            try
            {
                workload.CheckAgreement(model.Name, implementations);
                var streamNs = new double[implementations.Length];
                var sequenceNs = new double[implementations.Length];
                var bytes = new double[implementations.Length * 2];
                for (int i = 0; i < implementations.Length; i++)
                {
                    InferenceImplementation implementation = implementations[i];
                    Action stream = () => workload.RunStreaming(implementation);
                    Action whole = () => workload.RunSequence(implementation);
                    streamNs[i] = SecondsPerRun(stream, Inference) * 1e9 / SequenceLength;
                    sequenceNs[i] = SecondsPerRun(whole, Inference) * 1e9 / SequenceLength;
                    bytes[2 * i] = workload.BytesPerStep(stream);
                    bytes[2 * i + 1] = workload.BytesPerStep(whole);
                }

                multiStream.Add(MultiStreamRow(model, bound.PeakGflops, streamNs[0], targets));
                streaming.Add(Row(model.Name, floor, streamNs));
                sequence.Add(Row(model.Name, floor, sequenceNs));
                allocation.Add($"| {model.Name} | {string.Join(" | ", Array.ConvertAll(bytes, b => b.ToString("0.#", CultureInfo.InvariantCulture)))} |");
                targets.Add(model, floor, streamNs, sequenceNs, bytes[0], bytes[1]);
            }
            finally
            {
                foreach (InferenceImplementation implementation in implementations)
                {
                    (implementation as IDisposable)?.Dispose();
                }
            }
        }

        output.WriteLine("## Inference: the bound of one step (ns)");
        output.WriteLine();
        output.WriteLine("Bound = max(compute, memory, latency): compute = 2·gates·H·(I+H) FLOPs per layer (+ head) at the FMA peak; "
            + "memory = one vector read of a buffer the size of the weights; latency = the step's chain of dependent vector activations.");
        output.WriteLine();
        output.WriteLine("| model | FLOPs/step | compute | weight bytes | memory | latency | bound |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        bounds.ForEach(output.WriteLine);
        output.WriteLine();
        WriteTimes(output, $"## Inference: streaming, one Step per call, state carried (ns per step)", streaming);
        WriteTimes(output, $"## Inference: sequence, T = {SequenceLength} in one Forward (ns per step)", sequence);
        output.WriteLine($"## Inference: multi-stream, {Streams} independent streams per call (ns per step per stream)");
        output.WriteLine();
        output.WriteLine($"Each call steps all {Streams} streams: the generated `Step(inputs, StreamBatch, outputs)`, and ONNX Runtime with a batch of {Streams} (state fed back). "
            + $"% of peak = 2·gates·H·(I+H) FLOPs per layer (+ head) per stream-step over the time, at the measured FMA peak. Single-stream: the streaming table's generated `Step`.");
        output.WriteLine();
        output.WriteLine("| model | generated | of FMA peak | ONNX Runtime batched | of FMA peak | ORT ÷ generated | single-stream Step | single ÷ multi-stream | generated bytes per call |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        multiStream.ForEach(output.WriteLine);
        output.WriteLine();
        output.WriteLine("## Inference: bytes allocated per step");
        output.WriteLine();
        output.WriteLine("| model | generated stream | generated sequence | ORT stream | ORT sequence | naive stream | naive sequence | TensorPrimitives stream | TensorPrimitives sequence |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        allocation.ForEach(output.WriteLine);
        output.WriteLine();
        WriteFirstSteps(output, targets, models);
        targets.Write(output);
    }

    private static void WriteFirstSteps(TextWriter output, IssueTargets targets, string? models)
    {
        output.WriteLine("## Inference: the first Step after construction (a fresh process per model)");
        output.WriteLine();
        output.WriteLine("| model | first construction (µs) | first Step (ns) | steady Step (ns) | first ÷ steady |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (InferenceModel model in InferenceModel.All.Where(model => models is null || model.Name.Contains(models, StringComparison.Ordinal)))
        {
            FirstStepTimes times = FirstStep.MeasureInChildProcess(model.Name);
            double ratio = times.FirstStepNs / times.SteadyStepNs;
            output.WriteLine($"| {model.Name} | {times.ConstructNs / 1e3:F0} | {times.FirstStepNs:F0} | {times.SteadyStepNs:F0} | {ratio:F1}× |");
            targets.AddFirstStep(model.Name, ratio);
        }

        output.WriteLine();
    }

    private static void WriteTimes(TextWriter output, string title, List<string> rows)
    {
        output.WriteLine(title);
        output.WriteLine();
        output.WriteLine("| model | bound | generated | ONNX Runtime | naive | TensorPrimitives | ORT ÷ generated | naive ÷ generated | TensorPrimitives ÷ generated |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.ForEach(output.WriteLine);
        output.WriteLine();
    }

    /// <summary>
    /// The multi-stream workload of one model: the generated multi-stream step and batched ONNX Runtime,
    /// checked to agree over every step before either is timed.
    /// </summary>
    private static string MultiStreamRow(InferenceModel model, double peakGflops, double singleStreamNs, IssueTargets targets)
    {
        var workload = new InferenceWorkload(model.Weights, MultiStreamSteps, Streams);
        InferenceImplementation[] implementations = model.CreateMultiStreamImplementations(Streams);
        try
        {
            workload.CheckAgreement(model.Name + $", {Streams} streams", implementations);
            var ns = new double[implementations.Length];
            for (int i = 0; i < implementations.Length; i++)
            {
                InferenceImplementation implementation = implementations[i];
                ns[i] = SecondsPerRun(() => workload.RunStreaming(implementation), Inference) * 1e9 / (MultiStreamSteps * Streams);
            }

            double bytes = workload.BytesPerStep(() => workload.RunStreaming(implementations[0]));
            double generatedShare = model.Weights.FlopsPerStep / ns[0] / peakGflops;
            double onnxShare = model.Weights.FlopsPerStep / ns[1] / peakGflops;
            targets.AddMultiStream(model, generatedShare, bytes);
            return $"| {model.Name} | {ns[0]:F1} | {generatedShare:P0} | {ns[1]:F1} | {onnxShare:P0} | {ns[1] / ns[0]:F1}× | {singleStreamNs:F1} | {singleStreamNs / ns[0]:F1}× | {bytes:0.#} |";
        }
        finally
        {
            foreach (InferenceImplementation implementation in implementations)
            {
                (implementation as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>Each implementation as ns and × bound (implementations in <see cref="InferenceModel.CreateImplementations"/>'s order), then the baselines over the generated code.</summary>
    private static string Row(string model, double bound, double[] ns) =>
        $"| {model} | {bound:F1} | {Cell(ns[0], bound)} | {Cell(ns[1], bound)} | {Cell(ns[2], bound)} | {Cell(ns[3], bound)} | {ns[1] / ns[0]:F1}× | {ns[2] / ns[0]:F1}× | {ns[3] / ns[0]:F1}× |";

    private static string Cell(double ns, double bound) => $"{ns:F1} ({ns / bound:F1}× bound)";

    private static void WriteTraining(TextWriter output, double peak)
    {
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
                double seconds = SecondsPerRun(workload.Run, Training);
                double gflops = workload.Flops / seconds / 1e9;
                output.WriteLine($"| {network.Cell} {network.HiddenSize} | {batch} | {seconds * 1e3:F3} | {batch / seconds:F0} | {gflops:F1} | {gflops / peak:P0} |");
            }
        }

        output.WriteLine();
    }

    // Inference runs 13 models × 4 implementations × 2 workloads, so each gets a short span to keep
    // the whole quick mode under two minutes on two cores.
    private static readonly TimeSpan Inference = TimeSpan.FromSeconds(0.25);
    private static readonly TimeSpan Training = TimeSpan.FromSeconds(1);

    /// <summary>Warms <paramref name="action"/> until a round compiles no new method (tiered JIT done), then times it.</summary>
    /// <remarks>
    /// The time is the best of rounds of about half a millisecond, as the bound's parts are the best of their
    /// attempts: on a shared machine the mean counts the time other processes held the core, which here
    /// doubled the streaming time of small models from one run to the next.
    /// </remarks>
    private static double SecondsPerRun(Action action, TimeSpan measure)
    {
        long compiled;
        int warmRuns;
        Stopwatch warm;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            warmRuns = 0;
            warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 150)
            {
                action();
                warmRuns++;
            }
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() != compiled);

        GC.Collect();
        int runsPerRound = Math.Max(1, (int)(RoundSeconds / (warm.Elapsed.TotalSeconds / warmRuns)));
        double best = double.MaxValue;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < measure)
        {
            long start = Stopwatch.GetTimestamp();
            for (int run = 0; run < runsPerRound; run++)
            {
                action();
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / runsPerRound);
        }

        return best;
    }

    private const double RoundSeconds = 0.0005;
}
