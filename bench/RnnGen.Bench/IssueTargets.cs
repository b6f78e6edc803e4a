using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RnnGen.Bench;

/// <summary>
/// Issue 5's inference targets checked against one quick run, so that each run says which hold and
/// which models miss them, rather than leaving the reader to compare columns.
/// </summary>
public sealed class IssueTargets
{
    private readonly List<Measured> _models = new();
    private readonly List<(string Model, double FirstOverSteady)> _firstSteps = new();
    private readonly List<(string Model, int Hidden, double ShareOfPeak, double Bytes)> _multiStream = new();

    /// <summary>Records one model; the time arrays are in <see cref="InferenceModel.CreateImplementations"/>'s order (generated, then ONNX Runtime first).</summary>
    public void Add(InferenceModel model, double bound, double[] streamNs, double[] sequenceNs, double streamBytes, double sequenceBytes) =>
        _models.Add(new Measured(model.Name, model.Weights.HiddenSize, bound, streamNs, sequenceNs, streamBytes, sequenceBytes));

    /// <summary>Records one model's multi-stream step: its share of the FMA peak and the bytes allocated per call.</summary>
    public void AddMultiStream(InferenceModel model, double shareOfPeak, double bytes) =>
        _multiStream.Add((model.Name, model.Weights.HiddenSize, shareOfPeak, bytes));

    public void AddFirstStep(string model, double firstOverSteady) => _firstSteps.Add((model, firstOverSteady));

    public void Write(TextWriter output)
    {
        output.WriteLine("## Issue 5 targets in this run");
        output.WriteLine();
        output.WriteLine("| target | holds | models that miss it |");
        output.WriteLine("| --- | --- | --- |");
        Row(output, "streaming step ≤ 2× bound, H ≤ 32", m => m.Hidden <= 32, m => m.Stream[0] / m.Bound, v => v <= 2, "× bound");
        Row(output, "streaming step ≤ 1.3× bound, H ≥ 64", m => m.Hidden >= 64, m => m.Stream[0] / m.Bound, v => v <= 1.3, "× bound");
        Row(output, "≥ 30× faster than ONNX Runtime per streaming step", _ => true, m => m.Stream[1] / m.Stream[0], v => v >= 30, "×");
        Row(output, "≥ 2× faster than ONNX Runtime in sequence mode", _ => true, m => m.Sequence[1] / m.Sequence[0], v => v >= 2, "×");
        Row(output, "zero bytes allocated per step (Step and Forward)", _ => true, m => Math.Max(m.StreamBytes, m.SequenceBytes), v => v == 0, " B");
        var slowMultiStream = _multiStream.Where(m => m.Hidden == 128 && m.ShareOfPeak < 0.5).Select(m => $"{m.Model} ({m.ShareOfPeak:P0})").ToList();
        string multiStreamHolds = !_multiStream.Any(m => m.Hidden == 128) ? "not measured" : slowMultiStream.Count == 0 ? "yes" : "no";
        output.WriteLine($"| multi-stream H = 128, S = 16: ≥ 50% of FMA peak | {multiStreamHolds} | {string.Join(", ", slowMultiStream)} |");
        var allocatingMultiStream = _multiStream.Where(m => m.Bytes != 0).Select(m => $"{m.Model} ({m.Bytes:0.#} B)").ToList();
        output.WriteLine($"| zero bytes allocated per multi-stream step | {(allocatingMultiStream.Count == 0 ? "yes" : "no")} | {string.Join(", ", allocatingMultiStream)} |");
        var slowFirstSteps = _firstSteps.Where(m => m.FirstOverSteady > 10).Select(m => $"{m.Model} ({m.FirstOverSteady:0.#}×)").ToList();
        output.WriteLine($"| first Step within 10× of the steady state | {(slowFirstSteps.Count == 0 ? "yes" : "no")} | {string.Join(", ", slowFirstSteps)} |");
        output.WriteLine();
    }

    private void Row(
        TextWriter output,
        string target,
        Func<Measured, bool> applies,
        Func<Measured, double> value,
        Func<double, bool> holds,
        string unit)
    {
        var misses = _models.Where(applies).Where(m => !holds(value(m))).Select(m => $"{m.Name} ({value(m):0.#}{unit})").ToList();
        output.WriteLine($"| {target} | {(misses.Count == 0 ? "yes" : "no")} | {string.Join(", ", misses)} |");
    }

    private sealed record Measured(string Name, int Hidden, double Bound, double[] Stream, double[] Sequence, double StreamBytes, double SequenceBytes);
}
