using System;
using System.IO;
using System.Linq;
using System.Threading;
using RnnGen.Samples.Classify;

namespace RnnGen.Tests.Samples;

/// <summary>The Classify sample, run briefly on its shipped word list, and given the bad input a user might give it.</summary>
public sealed class ClassifySampleTests
{
    private static readonly string WordListPath = Path.Combine(RepositoryPaths.Root, "samples", "Classify", "data", "words.tsv");

    [Fact]
    public void AShortRunBeatsTheMajorityClassAndCountsEveryHeldOutWord()
    {
        var run = new SampleRun();
        var options = new ClassifyOptions { DataPath = WordListPath, WordsPerLanguage = 400, Epochs = 4, WordsToLabel = ["fenêtre", "zeitgeist"] };

        ClassificationReport report = ClassifySample.Train(options, run.Terminal, CancellationToken.None);

        // 1,600 words, a fifth held out; balanced classes put the majority class near a quarter.
        Assert.Equal(320, report.HeldOutWords);
        Assert.InRange(report.MajorityBaseline, 0.15, 0.35);
        Assert.True(report.Accuracy > report.MajorityBaseline + 0.25, $"held-out accuracy {report.Accuracy:P1}, majority class {report.MajorityBaseline:P1}");
        Assert.Equal(4, report.Training.CompletedEpochs);
        Assert.Equal(["fenêtre", "zeitgeist"], report.Labels.Select(label => label.Word));
        Assert.All(report.Labels, label => Assert.Equal(1.0, label.Probabilities.Sum(), precision: 4));
        Assert.Contains("Confusion matrix", run.Output, StringComparison.Ordinal);
        Assert.Contains("Held-out accuracy", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingWordListIsOneMessageNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "rnngen-no-such-folder", "words.tsv");
        SampleRun.AssertRejects(ClassifySample.Run, ["--data", missing], SampleRun.DataFileError, missing, "does not exist");
    }

    [Theory]
    [InlineData("haus\tde\nhouse\n", "line 2", "expected a word, a tab and a language code")]
    [InlineData("haus\tde\nhouse\txx\n", "line 2", "unknown language code \"xx\"")]
    [InlineData("haus\tde\nhaus3\tde\n", "line 2", "'3' (U+0033)")]
    [InlineData("haus\tde\nhouse\ten\n", "has 2 words; training needs at least 20")]
    public void AMalformedWordListIsOneMessageNamingTheFileAndTheLine(string contents, params string[] expected) =>
        SampleRun.AssertRejectsDataFile(ClassifySample.Run, contents, expected);

    [Theory]
    [InlineData(new[] { "--epochs", "zero" }, "--epochs must be a whole number from 1 to 1,000; got \"zero\"")]
    [InlineData(new[] { "--words-per-language" }, "--words-per-language needs a value")]
    [InlineData(new[] { "--learning-rate", "1" }, "Unknown option --learning-rate")]
    [InlineData(new[] { "hello42" }, "Cannot label \"hello42\"")]
    public void ABadCommandLineIsOneMessageBeforeAnyTraining(string[] args, string expected) =>
        SampleRun.AssertRejects(ClassifySample.Run, args, SampleRun.UsageError, expected);
}
