using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using RnnGen.Training;
using Spectre.Console;

namespace RnnGen.Samples.Classify;

/// <summary>
/// The Classify sample: a character-level GRU learns which of four languages a word belongs to, from words of
/// Debian's word lists; variable-length words go through the trainer in padded batches with the loss at each word's
/// last letter. The held-out accuracy and confusion matrix are compared with always guessing the most common language.
/// </summary>
public static class ClassifySample
{
    private const double LearningRate = 5e-3;
    private const int BatchSize = 32;
    private const double HeldOutFraction = 0.2;
    private const double ValidationFraction = 0.1;

    private static readonly IReadOnlyList<EpochMeasure> EpochMeasures =
    [
        new("validation loss", epoch => epoch.ValidationLoss!.Value.ToString("F4", CultureInfo.InvariantCulture)),
        new("validation accuracy", epoch => epoch.ValidationMetric!.Value.ToString("P1", CultureInfo.InvariantCulture)),
    ];

    /// <summary>Runs the sample as its command line asks; problems a user can cause go to <paramref name="errors"/> as one message.</summary>
    /// <returns>The process exit code: 0, or 1 for a bad data file, 2 for a bad command line, 130 when cancelled.</returns>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken) =>
        SampleRunner.Run(console, errors, ClassifyOptions.Usage, () => ClassifyOptions.Parse(args), options => Train(options, console, cancellationToken));

    /// <summary>Reads the words, trains, evaluates the held-out words and labels the words to label, showing each step on <paramref name="console"/>.</summary>
    /// <exception cref="DataFileException">The word list is missing, unreadable or malformed; the message names the file.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static ClassificationReport Train(ClassifyOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        IReadOnlyList<LabeledWord> words = WordList.Read(options.DataPath);
        if (options.WordsPerLanguage is int perLanguage)
        {
            words = WordList.Thin(words, perLanguage);
        }

        SequenceDataset<int> all = ToDataset(words);
        var (rest, heldOut) = all.Split(HeldOutFraction, options.Seed);
        var (training, validation) = rest.Split(ValidationFraction, options.Seed + 1);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{words.Count:N0} words from {Path.GetRelativePath(Environment.CurrentDirectory, options.DataPath)} ({CountsByLanguage(words)}): {training.Count:N0} to train on, {validation.Count:N0} to validate each epoch, {heldOut.Count:N0} held out.")));

        var network = new LanguageIdentifier();
        network.InitializeParameters(options.Seed);
        TrainingDisplay.DescribeNetwork(console, network, "one-hot letters", "language logits");
        var trainer = new Trainer<int>(
            network,
            new Adam(LanguageIdentifier.ParameterCount, LearningRate),
            SoftmaxCrossEntropy.LastStep,
            new TrainerOptions
            {
                Epochs = options.Epochs,
                BatchSize = BatchSize,
                Seed = options.Seed,
                MaxGradientNorm = 1f,
                LearningRateSchedule = new CosineSchedule(LearningRate, options.Epochs, minimumRate: LearningRate / 20),
            },
            ClassificationAccuracy.LastStep);
        TrainingResult result = TrainingDisplay.Fit(console, trainer, training, validation, EpochMeasures, cancellationToken);

        var predictor = new LanguagePredictor(network);
        var report = new ClassificationReport
        {
            ConfusionMatrix = predictor.ConfusionMatrix(heldOut),
            MajorityLanguage = MostCommonLanguage(training),
            Training = result,
            Labels = options.WordsToLabel.Select(predictor.Label).ToList(),
        };
        ShowEvaluation(console, report);
        if (report.Labels.Count > 0)
        {
            console.Write(LabelTable(report.Labels));
        }

        return report;
    }

    private static SequenceDataset<int> ToDataset(IReadOnlyList<LabeledWord> words)
    {
        var dataset = new SequenceDataset<int>(Languages.Alphabet.Size, targetSize: 1, SequenceTargets.LastStep);
        float[] oneHot = new float[Languages.LongestWord * Languages.Alphabet.Size];
        foreach (LabeledWord word in words)
        {
            Span<float> inputs = oneHot.AsSpan(0, word.Word.Length * Languages.Alphabet.Size);
            Languages.Alphabet.Encode(word.Word, inputs);
            dataset.Add(inputs, [word.Language]);
        }

        return dataset;
    }

    private static string CountsByLanguage(IReadOnlyList<LabeledWord> words) =>
        string.Join(", ", Languages.All.Select((language, index) => string.Create(CultureInfo.InvariantCulture, $"{words.Count(w => w.Language == index):N0} {language.Name}")));

    private static int MostCommonLanguage(SequenceDataset<int> training)
    {
        int[] counts = new int[Languages.All.Count];
        foreach (SequenceSample<int> sample in training)
        {
            counts[sample.Targets.Span[0]]++;
        }

        return Array.IndexOf(counts, counts.Max());
    }

    private static void ShowEvaluation(IAnsiConsole console, ClassificationReport report)
    {
        string majority = Languages.All[report.MajorityLanguage].Name;
        console.WriteLine();
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out accuracy: [bold green]{report.Accuracy:P1}[/] of {report.HeldOutWords:N0} words; majority-class baseline (always {majority}): {report.MajorityBaseline:P1}."));

        var table = new Table().Border(TableBorder.Rounded).Title("Confusion matrix (held-out words)");
        table.AddColumn("actual \\ predicted");
        foreach (Language language in Languages.All)
        {
            table.AddColumn(new TableColumn(language.Name).RightAligned());
        }

        table.AddColumn(new TableColumn("words").RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        for (int actual = 0; actual < Languages.All.Count; actual++)
        {
            var cells = new List<string> { Languages.All[actual].Name };
            int total = 0;
            for (int predicted = 0; predicted < Languages.All.Count; predicted++)
            {
                int count = report.ConfusionMatrix[actual, predicted];
                total += count;
                string text = count.ToString("N0", CultureInfo.InvariantCulture);
                cells.Add(actual == predicted ? $"[green]{text}[/]" : text);
            }

            cells.Add(total.ToString("N0", CultureInfo.InvariantCulture));
            cells.Add(total == 0 ? "-" : ((double)report.ConfusionMatrix[actual, actual] / total).ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }

    private static Table LabelTable(IReadOnlyList<WordLabel> labels)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Your words");
        table.AddColumn("word");
        table.AddColumn("language");
        foreach (Language language in Languages.All)
        {
            table.AddColumn(new TableColumn(language.Name).RightAligned());
        }

        foreach (WordLabel label in labels)
        {
            var cells = new List<string> { Markup.Escape(label.Word), $"[bold]{Languages.All[label.Language].Name}[/]" };
            cells.AddRange(label.Probabilities.Select(p => p.ToString("P1", CultureInfo.InvariantCulture)));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
