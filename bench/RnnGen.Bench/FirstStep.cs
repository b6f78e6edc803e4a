using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;

namespace RnnGen.Bench;

/// <summary>A network's first <c>Step</c> after construction, and what construction cost, against the steady state.</summary>
/// <param name="ConstructNs">The first <c>new</c> of the network type in the process, which compiles its step methods.</param>
/// <param name="FirstStepNs">The first <c>Step</c> after construction and <c>InitializeParameters</c>, the call just before it.</param>
/// <param name="SteadyStepNs">The <c>Step</c> once the JIT is done: the median of 11 rounds of 10,000 calls.</param>
public sealed record FirstStepTimes(double ConstructNs, double FirstStepNs, double SteadyStepNs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ConstructNs} {FirstStepNs} {SteadyStepNs}");

    public static FirstStepTimes Parse(string text)
    {
        double[] values = text.Split(' ').Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        return new FirstStepTimes(values[0], values[1], values[2]);
    }
}

/// <summary>
/// Measures first steps in a fresh process per model (<c>--first-step "model"</c>): the JIT's work is
/// per process, so a model measured after others would find shared code already compiled.
/// </summary>
public static class FirstStep
{
    public const string ChildArgument = "--first-step";

    /// <summary>Runs this program again to measure <paramref name="model"/> alone.</summary>
    public static FirstStepTimes MeasureInChildProcess(string model)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (!Environment.ProcessPath!.EndsWith(typeof(FirstStep).Assembly.GetName().Name!, StringComparison.Ordinal))
        {
            // Started as `dotnet RnnGen.Bench.dll`: the host needs the assembly again.
            start.ArgumentList.Add(typeof(FirstStep).Assembly.Location);
        }

        start.ArgumentList.Add(ChildArgument);
        start.ArgumentList.Add(model);
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Measuring the first step of {model} failed ({child.ExitCode}): {output}");
        }

        return FirstStepTimes.Parse(output);
    }

    // Optimized from the start, so that the direct call is inlined here and nothing on the timed path is compiled.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FirstStepTimes Measure<TNetwork, TState, TDirectStep>()
        where TNetwork : IRecurrentNetwork<TState>, new()
        where TState : struct
        where TDirectStep : struct, IDirectStep<TNetwork, TState>
    {
        var direct = default(TDirectStep);
        long constructStart = Stopwatch.GetTimestamp();
        var network = new TNetwork();
        double constructNs = Stopwatch.GetElapsedTime(constructStart).TotalNanoseconds;
        var random = new Random(2);
        float[] input = Enumerable.Range(0, network.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        var output = new float[network.OutputSize];
        var state = default(TState);

        // The weights are loaded last, as a program would just before its first step: making the buffers
        // compiles this LINQ on first use, and the time of a step after that measures the JIT's eviction
        // of the caches rather than the network.
        network.InitializeParameters(seed: 1);

        long firstStart = Stopwatch.GetTimestamp();
        direct.Step(network, input, ref state, output);
        double firstNs = Stopwatch.GetElapsedTime(firstStart).TotalNanoseconds;

        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (int i = 0; i < 100_000; i++)
            {
                direct.Step(network, input, ref state, output);
            }
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() != compiled);

        // This clock ticks in 100 ns on some machines: the steady step is timed over many calls.
        const int Calls = 10_000;
        var steady = new double[11];
        for (int round = 0; round < steady.Length; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
            {
                direct.Step(network, input, ref state, output);
            }

            steady[round] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls;
        }

        Array.Sort(steady);
        return new FirstStepTimes(constructNs, firstNs, steady[steady.Length / 2]);
    }
}
