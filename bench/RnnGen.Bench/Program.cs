using System;
using System.Linq;
using BenchmarkDotNet.Running;
using RnnGen.Bench;

// `--quick` prints one Markdown table per section in under two minutes (`--quick --models "LSTM 1→32"`
// narrows it to the inference models whose names contain the text); anything else goes to
// BenchmarkDotNet (e.g. `--filter *Training*`, `--filter *Inference*`).
if (args.Length == 2 && args[0] == FirstStep.ChildArgument)
{
    Console.WriteLine(InferenceModel.Named(args[1]).MeasureFirstStep());
    return;
}

if (args.Contains("--quick"))
{
    int models = Array.IndexOf(args, "--models");
    QuickRun.Run(Console.Out, models >= 0 && models + 1 < args.Length ? args[models + 1] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
