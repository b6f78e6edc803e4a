using System.IO;

namespace RnnGen.Tests.Weights;

/// <summary>
/// The build step (<c>build/RnnGen.targets</c>) and the generator agree on the encoded copy, which the
/// other tests make in memory with <see cref="WeightsFiles"/>: the same first line and extension.
/// </summary>
public sealed class BuildStepTests
{
    private static readonly string Targets = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "generator", "RnnGen.Generator", "build", "RnnGen.targets"));

    [Fact]
    public void BuildStepWritesTheFormatTheGeneratorReads()
    {
        Assert.Contains($"string text = \"{WeightsFiles.Magic}\\n\" + source + \"\\n\" + Convert.ToBase64String(File.ReadAllBytes(source)) + \"\\n\";", Targets);
        Assert.Contains($"Path.GetFileName(source) + \"{WeightsFiles.EncodedExtension}\"", Targets);
    }

    [Fact]
    public void BuildStepReplacesEverySafetensorsAdditionalFile()
    {
        Assert.Contains("<_RnnGenWeights Include=\"@(AdditionalFiles)\" Condition=\"'%(Extension)' == '.safetensors'\" />", Targets);
        Assert.Contains("<AdditionalFiles Remove=\"@(_RnnGenWeights)\" />", Targets);
        Assert.Contains("<AdditionalFiles Include=\"@(_RnnGenEncodedWeights)\" />", Targets);
    }
}
