// Streams a synthetic 8-channel sensor signal through a generated 2-layer LSTM, one step at a time,
// the way a real-time detector would, and measures what each step costs.
using System;
using System.Linq;
using System.Diagnostics;
using RnnGen;
using RnnGen.Kernels;

const int Steps = 20_000;
const int WarmupSteps = 5_000;

var detector = new Detector();
detector.InitializeParameters(seed: 42);
var state = new Detector.State();
Span<float> input = stackalloc float[Detector.InputSize];
Span<float> output = stackalloc float[Detector.OutputSize];

Console.WriteLine($"Detector: LSTM {Detector.InputSize} → {Detector.HiddenSize} × {Detector.Layers} layers → {Detector.OutputSize} classes (softmax), {Detector.ParameterCount:N0} parameters");
Console.WriteLine($"Instruction set: {InstructionSets.Active}");
Console.WriteLine();

// Warm up until the JIT has compiled everything, so the timings below are steady state.
for (int t = 0; t < WarmupSteps; t++)
{
    SensorSignal.Sample(t, input);
    detector.Step(input, ref state, output);
}

state.Reset();
const int ReportEvery = 4_000;
var latencies = new long[Steps];
var reported = new float[Steps / ReportEvery, Detector.OutputSize];
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
for (int t = 0; t < Steps; t++)
{
    SensorSignal.Sample(t, input);
    long start = Stopwatch.GetTimestamp();
    detector.Step(input, ref state, output);
    latencies[t] = Stopwatch.GetTimestamp() - start;

    if (t % ReportEvery == 0)
    {
        for (int k = 0; k < Detector.OutputSize; k++)
        {
            reported[t / ReportEvery, k] = output[k];
        }
    }
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
for (int row = 0; row < reported.GetLength(0); row++)
{
    var probabilities = Enumerable.Range(0, Detector.OutputSize).Select(k => reported[row, k].ToString("F3"));
    Console.WriteLine($"step {row * ReportEvery,6}: class probabilities [{string.Join(", ", probabilities)}]");
}

Array.Sort(latencies);
double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
Console.WriteLine();
Console.WriteLine($"Per-step latency over {Steps:N0} steps: p50 {Microseconds(latencies[Steps / 2]):F3} µs, p99 {Microseconds(latencies[Steps * 99 / 100]):F3} µs, max {Microseconds(latencies[^1]):F3} µs");
Console.WriteLine($"Allocated by {Steps:N0} steps: {allocated} bytes");

/// <summary>The network this sample streams through: the generator writes the rest of the class.</summary>
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax)]
public partial class Detector;

/// <summary>Eight sensor channels: sines of different periods, a slow drift, and a burst every 2,000 steps.</summary>
internal static class SensorSignal
{
    public static void Sample(int t, Span<float> channels)
    {
        float burst = t % 2_000 < 50 ? 1.5f : 0f;
        for (int channel = 0; channel < channels.Length; channel++)
        {
            float period = 20f + (channel * 7f);
            channels[channel] = MathF.Sin(2 * MathF.PI * t / period) + (0.001f * (t % 1_000)) + burst;
        }
    }
}
