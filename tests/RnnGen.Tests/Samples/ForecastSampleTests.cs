using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using RnnGen.Samples.Forecast;
using RnnGen.Tests.Weights;

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
        using var directory = new ScratchDirectory();
        var console = new CapturedConsole();

        int exitCode = ForecastSample.Run(new ForecastOptions { DataPath = ShippedData, OutputDirectory = directory.Path, Epochs = 1 }, console.Console, console.Errors);

        Assert.True(exitCode == 0, console.Errors.ToString());
        Assert.Empty(console.Errors.ToString());

        // Validation run, then test: the network's MAE, the seasonal-naive one, the growing seasonal-naive one.
        double[] errors = console.NumbersAfter("MAE");
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
        using var first = new ScratchDirectory();
        using var second = new ScratchDirectory();

        foreach (ScratchDirectory directory in new[] { first, second })
        {
            var console = new CapturedConsole();
            Assert.Equal(0, ForecastSample.Run(new ForecastOptions { DataPath = ShippedData, OutputDirectory = directory.Path, Epochs = 1 }, console.Console, console.Errors));
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
        using var directory = new ScratchDirectory();
        string path = directory.File("absent.csv");

        AssertRejected(path, directory, "the file does not exist");
    }

    [Fact]
    public void ADirectoryGivenAsTheDataFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory();

        AssertRejected(directory.Path, directory, "is a directory");
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
        using var directory = new ScratchDirectory();
        string path = directory.File("co2.csv");
        File.WriteAllText(path, contents);

        AssertRejected(path, directory, problem);
    }

    [Fact]
    public void ASeriesTooShortForTheSplitsIsOneMessageSayingHowLongItMustBe()
    {
        using var directory = new ScratchDirectory();
        string path = directory.File("short.csv");
        File.WriteAllLines(path, File.ReadLines(ShippedData).Take(100));

        AssertRejected(path, directory, $"the file has 104 months (1958-03 to 1966-10); training, validation and a 24-month test need at least {ForecastProblem.MinimumMonths}");
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory();
        string blocker = directory.EmptyFile("not-a-directory");
        var console = new CapturedConsole();

        int exitCode = ForecastSample.Run(new ForecastOptions { DataPath = ShippedData, OutputDirectory = blocker, Epochs = 1 }, console.Console, console.Errors);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: cannot write the results to {blocker}: ", console.Errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCommandLineSetsEachOptionAndRejectsWhatItCannotUse()
    {
        Assert.True(ForecastOptions.TryParse(["--epochs", "3", "--data", "a.csv", "--output", "out"], out ForecastOptions? options, out string? error));
        Assert.Equal(new ForecastOptions { Epochs = 3, DataPath = "a.csv", OutputDirectory = "out" }, options);
        Assert.Null(error);

        Assert.True(ForecastOptions.TryParse(["--help"], out options, out error));
        Assert.Null(options);

        Assert.False(ForecastOptions.TryParse(["--epochs", "0"], out options, out error));
        Assert.Equal("--epochs: expected a whole number of at least 1, not '0'", error);
        Assert.False(ForecastOptions.TryParse(["--data"], out _, out error));
        Assert.Equal("--data needs a value (FILE)", error);
        Assert.False(ForecastOptions.TryParse(["--fast"], out _, out error));
        Assert.Equal("unknown option '--fast'", error);
    }

    // The run ends with exit code 1 and one line naming the file and the problem, before any training.
    private static void AssertRejected(string path, ScratchDirectory output, string problem)
    {
        var console = new CapturedConsole();

        int exitCode = ForecastSample.Run(new ForecastOptions { DataPath = path, OutputDirectory = output.File("out"), Epochs = 1 }, console.Console, console.Errors);

        Assert.Equal(1, exitCode);
        string message = console.Errors.ToString();
        Assert.StartsWith($"error: {path}", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.Single(message.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(console.Output);
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
