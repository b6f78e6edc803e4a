using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using RnnGen.Kernels;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples.RealTime;

/// <summary>
/// The real-time sample: trains a generated LSTM on synthesized audio to imitate <see cref="DriveEffect"/>, then
/// streams new 48 kHz audio through it one sample per <c>Step</c>, as an audio callback would, and measures the time
/// of every step, the real-time factor, the allocations and the error against the true effect.
/// </summary>
public static class RealTimeSample
{
    /// <summary>The audio's samples per second.</summary>
    public const int SampleRate = 48_000;

    private const int SequenceSamples = 4096;
    private const int TrainingSequences = 96;
    private const int ValidationSequences = 16;

    // The filter forgets within about 20 samples (its time constant is 5), so 256 steps of backpropagation see all of
    // its memory, and each sequence gives 16 optimizer steps instead of one.
    private const int TruncationSamples = 256;

    private const int TrainingSeed = 1;
    private const int ValidationSeed = 2;
    private const int StreamSeed = 3;
    private const int InitializationSeed = 4;
    private const int ShuffleSeed = 5;

    /// <summary>Runs the sample with the command line <paramref name="args"/> and returns the process's exit code (see <see cref="SampleRunner"/>).</summary>
    /// <param name="args">The command line; <c>--help</c> lists the options.</param>
    /// <param name="console">Receives the report and the progress bar.</param>
    /// <param name="errors">Receives the one-line message of a problem with the command line or the output directory.</param>
    /// <param name="cancellationToken">Stops the training between batches.</param>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken) =>
        SampleRunner.Run(console, errors, RealTimeOptions.Usage, () => RealTimeOptions.Parse(args), options => LearnAndStream(options, console, cancellationToken));

    private static void LearnAndStream(RealTimeOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        string directory = OutputDirectory.Create(options.OutputDirectory, "the audio files");
        console.MarkupLine("[bold]Learning an overdrive effect with a generated LSTM, then running it in real time[/]");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Effect: a one-pole low-pass at {DriveEffect.CutoffHertz} Hz feeding tanh({DriveEffect.Drive}·x), at {SampleRate} Hz."));
        LearnedDrive network = Train(console, options.Epochs, cancellationToken);

        int samples = (int)Math.Round(options.Seconds * SampleRate);
        float[] input = new float[samples];
        float[] target = new float[samples];
        float[] output = new float[samples];
        new AudioSynthesizer(SampleRate, StreamSeed).FillPhrases(input);
        new DriveEffect(SampleRate).Process(input, target);
        StreamMeasurement measurement = StreamMeasurement.Measure(network, input, output);
        double seconds = (double)samples / SampleRate;
        Report(console, seconds, measurement, AudioMetrics.ErrorToSignalRatio(output, target), AudioMetrics.ErrorToSignalRatio(input, target));

        try
        {
            console.WriteLine();
            foreach (var (name, audio) in new[] { ("input.wav", input), ("target.wav", target), ("output.wav", output) })
            {
                string path = Path.Combine(directory, name);
                WaveFile.Write(path, audio, SampleRate);
                console.WriteLine($"Wrote {path}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write the audio files to {options.OutputDirectory}: {exception.Message}", exception);
        }
    }

    private static LearnedDrive Train(IAnsiConsole console, int epochs, CancellationToken cancellationToken)
    {
        SequenceDataset<float> training = EffectDataset(new AudioSynthesizer(SampleRate, TrainingSeed), TrainingSequences);
        SequenceDataset<float> validation = EffectDataset(new AudioSynthesizer(SampleRate, ValidationSeed), ValidationSequences);
        var network = new LearnedDrive();
        network.InitializeParameters(InitializationSeed);
        var trainer = new Trainer<float>(
            network,
            new Adam(LearnedDrive.ParameterCount),
            MeanSquaredError.EveryStep,
            new TrainerOptions
            {
                Epochs = epochs,
                BatchSize = 16,
                Seed = ShuffleSeed,
                TruncationLength = TruncationSamples,
                MaxGradientNorm = 1f,
                LearningRateSchedule = new CosineSchedule(initialRate: 1e-2, epochs: epochs, minimumRate: 1e-4),
            });
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Training an LSTM (1 → {LearnedDrive.HiddenSize} → 1, {LearnedDrive.ParameterCount} parameters) on {training.TotalSteps / (double)SampleRate:F1} s of synthesized audio,"));
        console.WriteLine($"in windows of {TruncationSamples} samples (truncated BPTT); loss: mean squared error per sample.");
        TrainingProgressDisplay.Show(
            console,
            context => trainer.Fit(training, validation, new TrainingProgressDisplay(context.AddTask("training", maxValue: epochs), "training", epochs), cancellationToken));
        console.WriteLine();
        return network;
    }

    // Each sequence is one phrase through an effect that starts at rest, as the network's state does.
    private static SequenceDataset<float> EffectDataset(AudioSynthesizer synthesizer, int sequences)
    {
        var data = new SequenceDataset<float>(inputSize: 1, targetSize: 1, SequenceTargets.EveryStep);
        var effect = new DriveEffect(SampleRate);
        float[] dry = new float[SequenceSamples];
        float[] wet = new float[SequenceSamples];
        for (int s = 0; s < sequences; s++)
        {
            synthesizer.FillPhrase(dry);
            effect.Reset();
            effect.Process(dry, wet);
            data.Add(dry, wet);
        }

        return data;
    }

    private static void Report(IAnsiConsole console, double seconds, StreamMeasurement measurement, double learnedError, double dryError)
    {
        double sampleMicroseconds = 1e6 / SampleRate;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Streaming {seconds:F1} s of new audio, {measurement.Latencies.Length:N0} samples, one Step each ({InstructionSets.Active}):"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  latency per sample  p50 {measurement.Percentile(0.50):F3} µs  p99 {measurement.Percentile(0.99):F3} µs  max {measurement.Percentile(1):F3} µs"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"                      (one sample lasts {sampleMicroseconds:F1} µs at {SampleRate / 1000} kHz)"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  real-time factor    {seconds / measurement.Elapsed.TotalSeconds:N0}× ({seconds:F1} s of audio in {measurement.Elapsed.TotalMilliseconds:F1} ms, timing included)"));
        console.WriteLine($"  allocated           {measurement.AllocatedBytes} bytes in the streaming loop");
        console.WriteLine("Error against the true effect (error-to-signal ratio; lower is better):");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  learned effect      {learnedError:F4}  ({AudioMetrics.Decibels(learnedError):F1} dB)"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dry signal          {dryError:F4}  ({AudioMetrics.Decibels(dryError):F1} dB)"));
    }
}
