using System;
using System.Linq;
using BenchmarkDotNet.Running;
using RnnGen.Bench;

// `--quick` prints one Markdown table in well under two minutes; anything else goes to BenchmarkDotNet
// (e.g. `--filter *Training*`).
if (args.Contains("--quick"))
{
    QuickRun.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
