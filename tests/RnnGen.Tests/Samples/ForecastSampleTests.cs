using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using RnnGen.Samples.Forecast;

namespace RnnGen.Tests.Samples;

/// <summary>
/// The forecast sample runs briefly end to end on the shipped data, and a missing or malformed data file ends it
/// with one message naming the file and the problem.
/// </summary>
[Trait("Category", "Samples")]
public sealed class ForecastSampleTests
{
    private const int HeldOutMonths = 24;

    private static readonly string ShippedData = Path.Combine(RepositoryPaths.Root, "samples", "Forecast", "data", "co2-concentration.csv");

    [Fact]
    public void AOneEpochRunForecastsTheHeldOutMonthsBetterThanSeasonalNaiveAndWritesThePlotsAndTheTable()
    {
        using var directory = new ScratchDirectory("sample");
        var run = new SampleRun();

        int exitCode = run.Run(ForecastSample.Run, OneEpochArgs(directory.Path));

        Assert.True(exitCode == 0, run.Errors);
        Assert.Empty(run.Errors);

        // Validation run, then test: the network's MAE, the seasonal-naive one, the growing seasonal-naive one.
        double[] errors = run.NumbersAfter("MAE");
        Assert.Equal(6, errors.Length);
        Assert.All(errors, error => Assert.True(double.IsFinite(error) && error > 0, $"MAE {error}"));
        Assert.True(errors[3] < errors[4], $"test MAE {errors[3]} is not below seasonal-naive's {errors[4]}");

        // The baselines depend on the data alone; these are the values of the definitions in the sample's README.
        Assert.Equal(3.780, errors[4], 3);
        Assert.Equal(0.748, errors[5], 3);

        AssertPng(directory.File("forecast.png"));
        AssertPng(directory.File("loss.png"));
        string[] table = File.ReadAllLines(directory.File("forecast.csv"));
        Assert.Equal("month,truth_ppm,lstm_ppm,seasonal_naive_ppm,seasonal_naive_plus_growth_ppm", table[0]);
        Assert.Equal(HeldOutMonths + 1, table.Length);
        Assert.StartsWith("2018-05,411.30,", table[1], StringComparison.Ordinal);
        Assert.StartsWith("2020-04,416.18,", table[^1], StringComparison.Ordinal);
        Assert.All(table.Skip(1), row => Assert.All(row.Split(',').Skip(1), value => Assert.True(double.IsFinite(double.Parse(value, CultureInfo.InvariantCulture)), row)));
    }

    [Fact]
    public void TheSameOptionsGiveTheSameForecast()
    {
        using var first = new ScratchDirectory("sample");
        using var second = new ScratchDirectory("sample");

        foreach (ScratchDirectory directory in new[] { first, second })
        {
            Assert.Equal(0, new SampleRun().Run(ForecastSample.Run, OneEpochArgs(directory.Path)));
        }

        Assert.Equal(File.ReadAllBytes(first.File("forecast.csv")), File.ReadAllBytes(second.File("forecast.csv")));
    }

    [Fact]
    public void TheShippedFileIsEveryMonthFrom1958To2020WithItsFiveGapsFilledLinearly()
    {
        MonthlySeries series = Co2Csv.Read(ShippedData);

        Assert.Equal(new DateOnly(1958, 3, 1), series.FirstMonth);
        Assert.Equal(new DateOnly(2020, 4, 1), series.Month(series.Count - 1));
        Assert.Equal(746, series.Count);
        Assert.Equal(5, series.FilledMonths);

        // 1958-06 lies between 1958-05 (317.51) and 1958-07 (315.86); 1964-02 to 1964-04 between 1964-01 (319.57) and 1964-05 (322.26).
        Assert.Equal((317.51 + 315.86) / 2, series.Values[3], 10);
        Assert.Equal(319.57 + ((322.26 - 319.57) / 4), series.Values[71], 10);
    }

    [Fact]
    public void AMissingDataFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory("sample");
        string path = directory.File("absent.csv");

        AssertRejected(path, directory, "the CO2 file does not exist");
    }

    [Fact]
    public void ADirectoryGivenAsTheDataFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory("sample");

        AssertRejected(directory.Path, directory, "this is a folder");
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("Date,Value\n1958-03-01,315.70\n", "line 1: expected a header naming the columns Date and CO2")]
    [InlineData("Date,CO2\n1958-03-01,315.70\n1958-04-01,n/a\n", "line 3: the CO2 value \"n/a\" is not a positive number")]
    [InlineData("Date,CO2\n1958-03-01,-1\n", "line 2: the CO2 value \"-1\" is not a positive number")]
    [InlineData("Date,CO2\n03/1958,315.70\n", "line 2: the date \"03/1958\" is not a date in the form YYYY-MM-DD")]
    [InlineData("Date,CO2\n1958-03-01,315.70\n1958-04-01\n", "line 3: expected 2 comma-separated fields")]
    [InlineData("Date,CO2\n1958-04-01,317.45\n1958-03-01,315.70\n", "line 3: 1958-03 does not come after the previous row's 1958-04")]
    [InlineData("Date,CO2\n1958-03-01,315.70\n1959-03-01,316.70\n", "line 3: 11 months are missing between 1958-03 and 1959-03")]
    [InlineData("Date,CO2\n", "the file has a header but no readings")]
    public void AMalformedDataFileIsOneMessageNamingItAndTheProblem(string contents, string problem)
    {
        using var directory = new ScratchDirectory("sample");
        string path = directory.File("co2.csv");
        File.WriteAllText(path, contents);

        AssertRejected(path, directory, problem);
    }

    [Fact]
    public void ASeriesTooShortForTheSplitsIsOneMessageSayingHowLongItMustBe()
    {
        using var directory = new ScratchDirectory("sample");
        string path = directory.File("short.csv");
        File.WriteAllLines(path, File.ReadLines(ShippedData).Take(100));

        AssertRejected(path, directory, $"the file has 104 months (1958-03 to 1966-10); training, validation and a 24-month test need at least {ForecastProblem.MinimumMonths}");
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory("sample");
        string blocker = directory.EmptyFile("not-a-directory");

        SampleRun.AssertRejects(ForecastSample.Run, ["--data", ShippedData, "--output", blocker, "--epochs", "1"], SampleRun.OutputError, $"Cannot write the results to {blocker}: ");
    }

    [Fact]
    public void HelpPrintsTheOptionsAndRunsNothing()
    {
        var run = new SampleRun();

        Assert.Equal(0, run.Run(ForecastSample.Run, "--help"));

        Assert.Contains("--epochs N", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MAE", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--epochs", "0" }, "--epochs must be a whole number from 1 to 10,000; got \"0\"")]
    [InlineData(new[] { "--data" }, "--data needs a value")]
    [InlineData(new[] { "--fast" }, "Unknown option --fast")]
    [InlineData(new[] { "co2.csv" }, "Unexpected argument \"co2.csv\"")]
    public void ABadCommandLineIsOneMessageBeforeAnyTraining(string[] args, string expected) =>
        SampleRun.AssertRejects(ForecastSample.Run, args, SampleRun.UsageError, expected);

    private static string[] OneEpochArgs(string outputDirectory) => ["--data", ShippedData, "--output", outputDirectory, "--epochs", "1"];

    // The run ends with one message naming the file and the problem, before any training and before the output directory exists.
    private static void AssertRejected(string path, ScratchDirectory output, string problem)
    {
        SampleRun.AssertRejects(ForecastSample.Run, ["--data", path, "--output", output.File("out"), "--epochs", "1"], SampleRun.DataFileError, path, problem);
        Assert.False(Directory.Exists(output.File("out")));
    }

    private static void AssertPng(string path)
    {
        byte[] png = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1000, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(560, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

        // A blank image compresses to a few kilobytes; lines, labels and a legend do not.
        Assert.True(png.Length > 20_000, $"{path} has only {png.Length} bytes");
    }
}
