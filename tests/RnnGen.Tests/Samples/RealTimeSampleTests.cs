using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using RnnGen.Samples.RealTime;

namespace RnnGen.Tests.Samples;

/// <summary>
/// The real-time sample runs briefly end to end; its parts (the effect, the synthesizer, the WAV writer, the
/// measured stream) do what they claim.
/// </summary>
[Trait("Category", "Samples")]
public sealed class RealTimeSampleTests
{
    [Fact]
    public void AOneEpochRunStreamsWithoutAllocatingBeatsTheDrySignalAndWritesTheWaveFiles()
    {
        using var directory = new ScratchDirectory("sample");
        var run = new SampleRun();
        const double Seconds = 0.25;

        int exitCode = run.Run(RealTimeSample.Run, "--epochs", "1", "--seconds", "0.25", "--output", directory.Path);

        Assert.True(exitCode == 0, run.Errors);
        Assert.Empty(run.Errors);
        Assert.Equal([0], run.NumbersAfter("allocated"));
        double[] latencies = new[] { "p50", "p99", "max" }.Select(label => Assert.Single(run.NumbersAfter(label))).ToArray();
        Assert.All(latencies, latency => Assert.True(double.IsFinite(latency) && latency > 0, $"latency {latency} µs"));
        Assert.True(latencies[0] <= latencies[1] && latencies[1] <= latencies[2], string.Join(", ", latencies));
        double realTimeFactor = Assert.Single(run.NumbersAfter("real-time factor"));
        Assert.True(realTimeFactor > 1, $"real-time factor {realTimeFactor}");
        double learnedError = Assert.Single(run.NumbersAfter("learned effect"));
        double dryError = Assert.Single(run.NumbersAfter("dry signal"));
        Assert.True(learnedError < dryError, $"learned {learnedError}, dry {dryError}");

        int samples = (int)(Seconds * RealTimeSample.SampleRate);
        foreach (string name in new[] { "input.wav", "target.wav", "output.wav" })
        {
            short[] audio = ReadPcm16Mono(directory.File(name), RealTimeSample.SampleRate);
            Assert.Equal(samples, audio.Length);
            Assert.Contains(audio, sample => sample != 0);
        }
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsOneMessageNamingIt()
    {
        using var directory = new ScratchDirectory("sample");
        string blocker = directory.EmptyFile("not-a-directory");

        SampleRun.AssertRejects(RealTimeSample.Run, ["--epochs", "1", "--seconds", "0.1", "--output", blocker], SampleRun.OutputError, $"Cannot write the audio files to {blocker}: ");
    }

    [Fact]
    public void StreamingThroughStepAllocatesNothingAndMatchesForward()
    {
        var network = new LearnedDrive();
        network.InitializeParameters(seed: 7);
        float[] input = new float[10_000];
        new AudioSynthesizer(RealTimeSample.SampleRate, seed: 8).FillPhrases(input);
        float[] streamed = new float[input.Length];

        StreamMeasurement measurement = StreamMeasurement.Measure(network, input, streamed);

        Assert.Equal(0, measurement.AllocatedBytes);
        Assert.Equal(input.Length, measurement.Latencies.Length);
        Assert.All(measurement.Latencies, ticks => Assert.True(ticks >= 0));
        Assert.True(measurement.Percentile(0.5) <= measurement.Percentile(1));
        float[] forward = new float[input.Length];
        var state = new LearnedDrive.State();
        network.Forward(input, ref state, forward);
        for (int n = 0; n < input.Length; n++)
        {
            Assert.Equal(forward[n], streamed[n], 6);
        }
    }

    [Fact]
    public void TheEffectIsAOnePoleLowPassIntoTanh()
    {
        var effect = new DriveEffect(RealTimeSample.SampleRate);
        double smoothing = 1 - Math.Exp(-2 * Math.PI * DriveEffect.CutoffHertz / RealTimeSample.SampleRate);

        // A unit step: the filter approaches 1 as 1 - (1 - a)^n, and the clipper squashes that.
        for (int n = 1; n <= 200; n++)
        {
            double lowPass = 1 - Math.Pow(1 - smoothing, n);
            Assert.Equal(Math.Tanh(DriveEffect.Drive * lowPass), effect.Process(1f), 5);
        }

        effect.Reset();
        Assert.Equal(Math.Tanh(DriveEffect.Drive * smoothing * 0.5), effect.Process(0.5f), 5);
    }

    [Fact]
    public void TheSynthesizerIsDeterministicAudibleAndWithinFullScale()
    {
        float[] first = new float[RealTimeSample.SampleRate];
        float[] second = new float[RealTimeSample.SampleRate];
        new AudioSynthesizer(RealTimeSample.SampleRate, seed: 5).FillPhrases(first);
        new AudioSynthesizer(RealTimeSample.SampleRate, seed: 5).FillPhrases(second);

        Assert.Equal(first, second);
        Assert.All(first, sample => Assert.InRange(sample, -1f, 1f));
        double rms = Math.Sqrt(first.Average(sample => (double)sample * sample));
        Assert.True(rms > 0.01, $"RMS {rms}");
    }

    [Fact]
    public void TheWaveWriterWritesAStandardPcmHeaderAndClipsAndSilencesWhatCannotBePlayed()
    {
        using var directory = new ScratchDirectory("sample");
        string path = directory.File("test.wav");

        WaveFile.Write(path, [0f, 0.5f, -0.5f, 1f, -1f, 2f, -2f, float.NaN], sampleRate: 44_100);

        Assert.Equal(new short[] { 0, 16384, -16384, 32767, -32767, 32767, -32767, 0 }, ReadPcm16Mono(path, 44_100));
    }

    [Theory]
    [InlineData(new[] { "--seconds", "0" }, "--seconds must be a number above 0 and at most 300; got \"0\"")]
    [InlineData(new[] { "--seconds", "NaN" }, "--seconds must be a number above 0 and at most 300; got \"NaN\"")]
    [InlineData(new[] { "--seconds", "0.05" }, "--seconds must be at least 0.1; got 0.05")]
    [InlineData(new[] { "--epochs", "-1" }, "--epochs must be a whole number from 1 to 10,000; got \"-1\"")]
    [InlineData(new[] { "--output" }, "--output needs a value")]
    public void ABadCommandLineIsOneMessageBeforeAnyTraining(string[] args, string expected) =>
        SampleRun.AssertRejects(RealTimeSample.Run, args, SampleRun.UsageError, expected);

    // Reads a RIFF WAVE file field by field as a player would, insisting on mono 16-bit PCM at the given rate.
    private static short[] ReadPcm16Mono(string path, int sampleRate)
    {
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Ascii(file, 0));
        Assert.Equal(file.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.Equal("WAVE", Ascii(file, 8));
        Assert.Equal("fmt ", Ascii(file, 12));
        Assert.Equal(16, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(20)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(22)));
        Assert.Equal(sampleRate, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(24)));
        Assert.Equal(sampleRate * 2, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(28)));
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(32)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(34)));
        Assert.Equal("data", Ascii(file, 36));
        int dataBytes = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(40));
        Assert.Equal(file.Length - 44, dataBytes);
        short[] samples = new short[dataBytes / 2];
        for (int n = 0; n < samples.Length; n++)
        {
            samples[n] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(44 + (2 * n)));
        }

        return samples;
    }

    private static string Ascii(byte[] file, int offset) => System.Text.Encoding.ASCII.GetString(file, offset, 4);
}
