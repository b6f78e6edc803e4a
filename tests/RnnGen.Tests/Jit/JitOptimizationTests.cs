using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace RnnGen.Tests.Jit;

/// <summary>
/// Every generated method the JIT compiles is optimized, and every kernel is compiled fully optimized
/// at once: no method of a generated network falls back to MinOpts (which the JIT does for methods too
/// large or complex to optimize), and no kernel runs Tier-0 code. The probe
/// (<c>tests/RnnGen.JitProbe</c>) runs inference (single- and multi-stream, or a bidirectional network's sequence pass) and
/// training through the conformance tables' models and four near the generator's limits, on each instruction-set path,
/// with the JIT's summary on.
/// </summary>
public sealed partial class JitOptimizationTests
{
    private static readonly string[] GeneratedNamespaces = ["RnnGen.JitProbe.", "RnnGen.Tests.Conformance.Models.", "RnnGen.Tests.Conformance.BidirectionalModels."];

    private const string BidirectionalMark = " bidirectional";

    [Theory]
    [InlineData("Avx512", null)]
    [InlineData("Avx2", "DOTNET_EnableAVX512")]
    [InlineData("Vector128", "DOTNET_EnableAVX2")]
    [InlineData("Scalar", "DOTNET_EnableHWIntrinsic")]
    public void NoGeneratedMethodIsCompiledWithMinOptsAndEveryKernelIsFullyOptimized(string path, string? disable)
    {
        IReadOnlyList<string> networks = RunProbe(disable, out List<CompiledMethod> compiled);

        // On a machine without the path, the runtime picks a narrower one: check the one that ran.
        string ran = compiled.Select(method => KernelPath().Match(method.Name)).FirstOrDefault(match => match.Success)?.Groups["path"].Value
            ?? throw new Xunit.Sdk.XunitException("The probe ran no generated kernel.");
        Assert.True(ran == path || disable is null, $"Expected the {path} path, the probe ran {ran}.");

        List<CompiledMethod> generated = compiled.Where(method => GeneratedNamespaces.Any(method.Name.StartsWith)).ToList();
        CompiledMethod[] minOpts = generated.Where(method => method.Tier.Contains("MinOpts", StringComparison.Ordinal)).ToArray();
        Assert.True(minOpts.Length == 0, "Compiled with MinOpts:\n" + string.Join("\n", minOpts.Select(method => method.Line)));

        CompiledMethod[] kernels = generated.Where(method => KernelPath().IsMatch(method.Name)).ToArray();
        CompiledMethod[] notFullOpts = kernels.Where(method => method.Tier != "FullOpts").ToArray();
        Assert.True(notFullOpts.Length == 0, "Kernels not compiled FullOpts at once:\n" + string.Join("\n", notFullOpts.Select(method => method.Line)));

        // The multi-stream step's methods are not per path, but are compiled fully optimized at once too.
        CompiledMethod[] streamSteps = generated.Where(method => method.Name.Contains("StreamStep(", StringComparison.Ordinal)).ToArray();
        CompiledMethod[] streamStepsNotFullOpts = streamSteps.Where(method => method.Tier != "FullOpts").ToArray();
        Assert.True(streamStepsNotFullOpts.Length == 0, "Multi-stream steps not compiled FullOpts at once:\n" + string.Join("\n", streamStepsNotFullOpts.Select(method => method.Line)));

        // Each network's step kernels and multi-stream step (or reverse-direction kernel) ran: the checks above saw every network, not a few.
        foreach (string line in networks)
        {
            string network = line.EndsWith(BidirectionalMark, StringComparison.Ordinal) ? line[..^BidirectionalMark.Length] : line;
            Assert.Contains(kernels, method => method.Name.StartsWith(network + ":Layer0Step" + ran, StringComparison.Ordinal));
            if (network == line)
            {
                Assert.Contains(streamSteps, method => method.Name.StartsWith(network + ":Layer0StreamStep(", StringComparison.Ordinal));
            }
            else
            {
                Assert.Contains(kernels, method => method.Name.StartsWith(network + ":Layer0ReverseStep" + ran, StringComparison.Ordinal));
                Assert.Contains(kernels, method => method.Name.StartsWith(network + ":Layer0Sequence" + ran, StringComparison.Ordinal));
            }
        }
    }

    private static IReadOnlyList<string> RunProbe(string? disable, out List<CompiledMethod> compiled)
    {
        string configuration = typeof(JitOptimizationTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string probe = Path.Combine(RepositoryPaths.Root, "tests", "RnnGen.JitProbe", "bin", configuration, "net10.0", "RnnGen.JitProbe.dll");
        Assert.True(File.Exists(probe), $"{probe} is missing: the test project references the probe, so building the tests builds it.");
        string summary = Path.Combine(Path.GetTempPath(), $"rnngen-jit-{Guid.NewGuid():N}.txt");
        try
        {
            var start = new ProcessStartInfo("dotnet", [probe]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["DOTNET_JitDisasmSummary"] = "1";
            start.Environment["DOTNET_JitStdOutFile"] = summary;
            if (disable is not null)
            {
                start.Environment[disable] = "0";
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"The probe failed ({process.ExitCode}):\n{output}\n{error}");
            compiled = File.ReadLines(summary).Select(CompiledMethod.Parse).OfType<CompiledMethod>().ToList();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            File.Delete(summary);
        }
    }

    /// <summary>
    /// The per-path kernels: <c>Step{Path}</c>, <c>Layer{k}Step{Path}</c>, <c>HeadStep{Path}</c>, and a bidirectional network's
    /// <c>Layer{k}ReverseStep{Path}</c>, <c>Layer{k}Sequence{Path}</c> and <c>Forward{Path}</c>.
    /// </summary>
    [GeneratedRegex(@":((Layer\d+(Reverse)?|Head)?Step|Layer\d+Sequence|Forward)(?<path>Avx512|Avx2|Vector128|Scalar)\(")]
    private static partial Regex KernelPath();

    /// <summary>One line of the JIT's summary: <c>  12: JIT compiled Ns.Type:Method(args) [Tier0, IL size=86, code size=214]</c>.</summary>
    private sealed partial record CompiledMethod(string Name, string Tier, string Line)
    {
        public static CompiledMethod? Parse(string line)
        {
            Match match = SummaryLine().Match(line);
            return match.Success ? new CompiledMethod(match.Groups["name"].Value, match.Groups["tier"].Value, line.Trim()) : null;
        }

        [GeneratedRegex(@"JIT compiled (?<name>.+) \[(?<tier>[^,\]]+)")]
        private static partial Regex SummaryLine();
    }
}
