using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnGen.Initialization;
using RnnGen.Training;

namespace RnnGen.Tests.Training;

/// <summary>Small tasks, networks and helpers for the trainer tests.</summary>
internal static class TrainerFixtures
{
    public const int InputSize = 2;
    public const int HiddenSize = 5;

    public static TinyRecurrentNetwork Network(int outputSize = 1, int seed = 7)
    {
        var network = new TinyRecurrentNetwork(InputSize, HiddenSize, outputSize);
        network.InitializeParameters(seed);
        return network;
    }

    /// <summary>
    /// A per-step regression with one step of memory, <c>y_t = 0.5 x_t[0] - 0.3 x_{t-1}[0] + 0.2 x_t[1]</c>,
    /// over sequences of 3 to 12 steps; <paramref name="targetSign"/> -1 makes a set that contradicts it.
    /// </summary>
    public static SequenceDataset<float> Regression(int sequences, int seed, float targetSign = 1)
    {
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<float>(InputSize, 1, SequenceTargets.EveryStep);
        for (int s = 0; s < sequences; s++)
        {
            int length = 3 + (int)(random.NextSingle() * 10);
            float[] inputs = new float[length * InputSize];
            random.FillUniform(inputs, 1);
            float[] targets = new float[length];
            for (int t = 0; t < length; t++)
            {
                float previous = t > 0 ? inputs[(t - 1) * InputSize] : 0;
                targets[t] = targetSign * ((0.5f * inputs[t * InputSize]) - (0.3f * previous) + (0.2f * inputs[(t * InputSize) + 1]));
            }

            data.Add(inputs, targets);
        }

        return data;
    }

    /// <summary>Many-to-one, two classes: whether the first channel sums to more than zero over the sequence.</summary>
    public static SequenceDataset<int> SignOfSum(int sequences, int seed)
    {
        var random = new ParameterRandom(seed);
        var data = new SequenceDataset<int>(InputSize, 1, SequenceTargets.LastStep);
        for (int s = 0; s < sequences; s++)
        {
            int length = 3 + (int)(random.NextSingle() * 6);
            float[] inputs = new float[length * InputSize];
            random.FillUniform(inputs, 1);
            float sum = 0;
            for (int t = 0; t < length; t++)
            {
                sum += inputs[t * InputSize];
            }

            data.Add(inputs, [sum > 0 ? 1 : 0]);
        }

        return data;
    }

    /// <summary>Options that use every feature: shuffling, clipping, a schedule, early stopping.</summary>
    public static TrainerOptions FullOptions(int epochs = 6, string? checkpointPath = null, int? truncation = null) => new()
    {
        Epochs = epochs,
        BatchSize = 8,
        Seed = 3,
        MaxGradientNorm = 0.5f,
        LearningRateSchedule = new CosineSchedule(0.02, epochs, 0.002),
        EarlyStoppingPatience = 3,
        CheckpointPath = checkpointPath,
        TruncationLength = truncation,
    };

    public static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    public static byte[] OptimizerState(IOptimizer optimizer)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            optimizer.SaveState(writer);
        }

        return stream.ToArray();
    }
}

/// <summary>Collects reports synchronously on the training thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordingProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}

/// <summary>A directory under the system's temporary directory, deleted with its contents on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rnngen-training-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
