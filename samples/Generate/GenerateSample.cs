using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples.Generate;

/// <summary>
/// The Generate sample: a character-level GRU language model learns to predict the next character of a text, trained
/// with truncated backpropagation through time over long chunks; its held-out cross-entropy is compared with a unigram
/// model's, and it writes new text from a prompt at chosen temperatures.
/// </summary>
public static class GenerateSample
{
    private const double LearningRate = 6e-3;
    private const int BatchSize = 16;

    // Each training sequence is a chunk this long; the trainer cuts it into windows of TruncationLength steps, carrying
    // the state between them, so the model sees context beyond one window while gradients stay short.
    private const int ChunkLength = 256;
    private const int TruncationLength = 64;
    private const double ValidationFraction = 0.05;
    private const double HeldOutFraction = 0.1;

    private static readonly IReadOnlyList<EpochMeasure> EpochMeasures =
    [
        new("validation bits/char", epoch => (epoch.ValidationLoss!.Value / Math.Log(2)).ToString("F3", CultureInfo.InvariantCulture)),
    ];

    /// <summary>Runs the sample as its command line asks; problems a user can cause go to <paramref name="errors"/> as one message.</summary>
    /// <returns>The process exit code: 0, or 1 for a bad data file, 2 for a bad command line, 130 when cancelled.</returns>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken) =>
        SampleRunner.Run(console, errors, GenerateOptions.Usage, () => GenerateOptions.Parse(args), options => Train(options, console, cancellationToken));

    /// <summary>Reads the text, trains, measures the held-out cross-entropy and writes the samples, showing each step on <paramref name="console"/>.</summary>
    /// <exception cref="DataFileException">The text is missing, unreadable or malformed; the message names the file.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static LanguageModelReport Train(GenerateOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        string text = TextCorpus.Read(options.DataPath);
        if (options.MaxCharacters is int maxCharacters && maxCharacters < text.Length)
        {
            text = text[..maxCharacters];
        }

        // The last part is held out and the part before it validates each epoch: both come after all training text.
        int validationStart = (int)(text.Length * (1 - HeldOutFraction - ValidationFraction));
        int heldOutStart = (int)(text.Length * (1 - HeldOutFraction));
        string training = text[..validationStart];
        string heldOut = text[heldOutStart..];
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{text.Length:N0} characters from {Path.GetRelativePath(Environment.CurrentDirectory, options.DataPath)}: {training.Length:N0} to train on (chunks of {ChunkLength}, windows of {TruncationLength}), {heldOutStart - validationStart:N0} to validate each epoch, {heldOut.Length:N0} held out.")));

        var network = new CharacterLanguageModel();
        network.InitializeParameters(options.Seed);
        TrainingDisplay.DescribeNetwork(console, network, "one-hot characters", "next-character logits");
        var trainer = new Trainer<int>(
            network,
            new Adam(CharacterLanguageModel.ParameterCount, LearningRate),
            SoftmaxCrossEntropy.EveryStep,
            new TrainerOptions
            {
                Epochs = options.Epochs,
                BatchSize = BatchSize,
                Seed = options.Seed,
                TruncationLength = TruncationLength,
                MaxGradientNorm = 1f,
                LearningRateSchedule = new CosineSchedule(LearningRate, options.Epochs, minimumRate: LearningRate / 20),
            });
        TrainingResult result = TrainingDisplay.Fit(console, trainer, Chunks(training), Chunks(text[validationStart..heldOutStart]), EpochMeasures, cancellationToken);

        var sampler = new TextSampler(network);
        var report = new LanguageModelReport
        {
            BitsPerCharacter = HeldOutBitsPerCharacter(network, heldOut),
            UnigramBitsPerCharacter = UnigramBitsPerCharacter(training, heldOut),
            HeldOutCharacters = heldOut.Length - 1,
            Training = result,
            Samples = options.Temperatures.Select(t => new GeneratedText(t, options.Prompt, sampler.Sample(options.Prompt, options.Length, t, options.Seed))).ToList(),
        };
        Show(console, report);
        return report;
    }

    private static SequenceDataset<int> Chunks(string text)
    {
        CharacterAlphabet alphabet = TextAlphabet.Characters;
        var dataset = new SequenceDataset<int>(alphabet.Size, targetSize: 1, SequenceTargets.EveryStep);
        float[] inputs = new float[ChunkLength * alphabet.Size];
        int[] targets = new int[ChunkLength];
        for (int start = 0; start + 1 < text.Length; start += ChunkLength)
        {
            int length = Math.Min(ChunkLength, text.Length - 1 - start);
            alphabet.Encode(text.AsSpan(start, length), inputs.AsSpan(0, length * alphabet.Size));
            for (int t = 0; t < length; t++)
            {
                targets[t] = alphabet.PositionOf(text[start + t + 1]);
            }

            dataset.Add(inputs.AsSpan(0, length * alphabet.Size), targets.AsSpan(0, length));
        }

        return dataset;
    }

    // The whole held-out text in one pass from a zero state, so each character is predicted from everything before it.
    private static double HeldOutBitsPerCharacter(CharacterLanguageModel network, string heldOut)
    {
        CharacterAlphabet alphabet = TextAlphabet.Characters;
        int steps = heldOut.Length - 1;
        float[] inputs = new float[steps * alphabet.Size];
        float[] logits = new float[steps * alphabet.Size];
        alphabet.Encode(heldOut.AsSpan(0, steps), inputs);
        var state = new CharacterLanguageModel.State();
        network.Forward(inputs, ref state, logits);
        double nats = 0;
        for (int t = 0; t < steps; t++)
        {
            nats += Softmax.NegativeLogProbability(logits.AsSpan(t * alphabet.Size, alphabet.Size), alphabet.PositionOf(heldOut[t + 1]));
        }

        return nats / steps / Math.Log(2);
    }

    // Add-one smoothing gives a character the training text lacks a finite cost, as any fair baseline must.
    private static double UnigramBitsPerCharacter(string training, string heldOut)
    {
        CharacterAlphabet alphabet = TextAlphabet.Characters;
        double[] counts = new double[alphabet.Size];
        foreach (char character in training)
        {
            counts[alphabet.PositionOf(character)]++;
        }

        double total = training.Length + alphabet.Size;
        double bits = 0;
        for (int t = 1; t < heldOut.Length; t++)
        {
            bits -= Math.Log2((counts[alphabet.PositionOf(heldOut[t])] + 1) / total);
        }

        return bits / (heldOut.Length - 1);
    }

    private static void Show(IAnsiConsole console, LanguageModelReport report)
    {
        console.WriteLine();
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out cross-entropy: [bold green]{report.BitsPerCharacter:F3} bits/char[/] over {report.HeldOutCharacters:N0} characters; unigram baseline: {report.UnigramBitsPerCharacter:F3} bits/char."));
        foreach (GeneratedText sample in report.Samples)
        {
            var body = new Markup($"[bold]{Markup.Escape(sample.Prompt)}[/]{Markup.Escape(sample.Text)}");
            console.Write(new Panel(body).Header(string.Create(CultureInfo.InvariantCulture, $"temperature {sample.Temperature}")).Border(BoxBorder.Rounded).Expand());
        }
    }
}
