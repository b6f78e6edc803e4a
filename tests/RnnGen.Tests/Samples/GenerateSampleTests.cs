using System;
using System.IO;
using System.Linq;
using System.Threading;
using RnnGen.Samples.Generate;
using RnnGen.Tests.Weights;

namespace RnnGen.Tests.Samples;

/// <summary>The Generate sample, run briefly on its shipped text, and given the bad input a user might give it.</summary>
public sealed class GenerateSampleTests
{
    private static readonly string TextPath = Path.Combine(RepositoryPaths.Root, "samples", "Generate", "data", "devils-dictionary-a-to-liberty.txt");

    [Fact]
    public void AShortRunBeatsTheUnigramModelAndWritesTextOfTheAskedLength()
    {
        var run = new SampleRun();
        var options = new GenerateOptions { DataPath = TextPath, MaxCharacters = 40_000, Epochs = 3, Length = 200 };

        LanguageModelReport report = GenerateSample.Train(options, run.Terminal, CancellationToken.None);

        Assert.True(double.IsFinite(report.BitsPerCharacter));
        Assert.Equal(3_999, report.HeldOutCharacters);
        Assert.True(report.BitsPerCharacter < report.UnigramBitsPerCharacter - 0.5, $"model {report.BitsPerCharacter:F3} bits/char, unigram {report.UnigramBitsPerCharacter:F3}");
        Assert.Equal([0.5, 1.0], report.Samples.Select(sample => sample.Temperature));
        Assert.All(report.Samples, sample =>
        {
            Assert.Equal(200, sample.Text.Length);
            Assert.All(sample.Text, character => Assert.True(character == '\n' || character is >= ' ' and <= '~', $"U+{(int)character:X4} is outside the alphabet"));
        });
        Assert.Contains("unigram baseline", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingTextIsOneMessageNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "rnngen-no-such-folder", "text.txt");
        SampleRun.AssertRejects(GenerateSample.Run, ["--data", missing], SampleRun.DataFileError, missing, "does not exist");
    }

    [Fact]
    public void AFolderGivenAsTheTextIsOneMessageNamingIt()
    {
        using var scratch = new ScratchDirectory("sample");
        SampleRun.AssertRejects(GenerateSample.Run, ["--data", scratch.Path], SampleRun.DataFileError, scratch.Path, "this is a folder");
    }

    [Theory]
    [InlineData("ABASEMENT, n.\nA d\u00e9cent attitude.\n", "line 2, column 4", "'é' (U+00E9) is outside the model's alphabet")]
    [InlineData("ABASEMENT, n.\tA decent attitude.\n", "line 1, column 14", "U+0009")]
    [InlineData("ABASEMENT, n.  A decent attitude.\n", "the text has 34 characters; training needs at least 2,000")]
    public void AMalformedTextIsOneMessageNamingTheFileAndWhere(string contents, params string[] expected) =>
        SampleRun.AssertRejectsDataFile(GenerateSample.Run, contents, expected);

    [Fact]
    public void AFileThatIsNotUtf8IsOneMessage() =>
        SampleRun.AssertRejectsDataFile(GenerateSample.Run, [(byte)'A', 0xE9, (byte)'\n'], "not valid UTF-8");

    [Theory]
    [InlineData(new[] { "--temperature", "0" }, "--temperature must be a number above 0 and at most 10; got \"0\"")]
    [InlineData(new[] { "--length", "-5" }, "--length must be a whole number from 1 to 100,000")]
    [InlineData(new[] { "--prompt", "caf\u00e9" }, "--prompt must be printable ASCII")]
    [InlineData(new[] { "--max-characters", "10" }, "--max-characters must be a whole number from 2,000")]
    [InlineData(new[] { "story" }, "Unexpected argument \"story\"")]
    public void ABadCommandLineIsOneMessageBeforeAnyTraining(string[] args, string expected) =>
        SampleRun.AssertRejects(GenerateSample.Run, args, SampleRun.UsageError, expected);

    [Fact]
    public void HelpPrintsTheOptionsAndSucceeds()
    {
        var run = new SampleRun();

        int exitCode = run.Run(GenerateSample.Run, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--temperature", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Errors);
    }
}
