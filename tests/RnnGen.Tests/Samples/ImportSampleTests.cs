using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using RnnGen.Tests.Package;

namespace RnnGen.Tests.Samples;

/// <summary>
/// The Import sample, run as built (its weights are embedded by the MSBuild step, which only a real build runs): the
/// embedded and the loaded network agree, and a missing weights file is one message.
/// </summary>
[Trait("Category", "Samples")]
public sealed class ImportSampleTests
{
    private static readonly string BuiltSample = Path.Combine(
        RepositoryPaths.Root, "samples", "Import", "bin", typeof(ImportSampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration, "net10.0");

    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void TheEmbeddedAndTheLoadedNetworkAgreeBitForBit()
    {
        string output = DotnetCli.Run(BuiltSample, NoEnvironment, "exec", "Import.dll");

        Assert.Contains("The two agree bit for bit over 200 steps.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingWeightsFileIsOneMessageNamingIt()
    {
        using var scratch = new ScratchDirectory("sample");
        foreach (string file in Directory.GetFiles(BuiltSample))
        {
            if (Path.GetFileName(file) != "detector.safetensors")
            {
                File.Copy(file, Path.Combine(scratch.Path, Path.GetFileName(file)));
            }
        }

        DotnetResult result = DotnetCli.Execute(scratch.Path, NoEnvironment, "exec", "Import.dll");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("detector.safetensors", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
