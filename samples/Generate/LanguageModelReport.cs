using System.Collections.Generic;
using RnnGen.Training;

namespace RnnGen.Samples.Generate;

/// <summary>Text the model wrote at one temperature.</summary>
public sealed record GeneratedText(double Temperature, string Prompt, string Text);

/// <summary>What a run of the Generate sample measured and wrote.</summary>
public sealed record LanguageModelReport
{
    /// <summary>The model's cross-entropy on the held-out text: the mean of -log2 p(next character | all before it).</summary>
    public required double BitsPerCharacter { get; init; }

    /// <summary>The same for a unigram model (character frequencies of the training text, add-one smoothed), which ignores context.</summary>
    public required double UnigramBitsPerCharacter { get; init; }

    /// <summary>The number of held-out characters predicted.</summary>
    public required int HeldOutCharacters { get; init; }

    /// <summary>How the training went.</summary>
    public required TrainingResult Training { get; init; }

    /// <summary>One sample per temperature asked for.</summary>
    public required IReadOnlyList<GeneratedText> Samples { get; init; }
}
