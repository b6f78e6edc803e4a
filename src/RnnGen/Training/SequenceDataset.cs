using System;
using System.Collections;
using System.Collections.Generic;

namespace RnnGen.Training;

/// <summary>
/// Sequences of varying length with their targets, all of one shape: what the trainer iterates over. The
/// samples are copied in, so later changes to the caller's buffers do not reach them.
/// </summary>
/// <remarks>
/// A data set holds either float inputs (<see cref="Add"/>) or, made with <see cref="ForTokens"/>, token ids
/// (<see cref="AddTokens"/>) for a network declared with <c>VocabularySize</c>.
/// </remarks>
/// <typeparam name="TTarget">The target element: <see cref="float"/> for values (mean squared error, binary
/// cross-entropy), <see cref="int"/> for class indices (softmax cross-entropy).</typeparam>
public sealed class SequenceDataset<TTarget> : IReadOnlyList<SequenceSample<TTarget>>
    where TTarget : unmanaged
{
    private readonly List<SequenceSample<TTarget>> _samples = [];

    /// <summary>An empty data set.</summary>
    /// <param name="inputSize">The values of one input step, the network's <see cref="IRecurrentNetwork.InputSize"/>.</param>
    /// <param name="targetSize">The target values of one contributing step: the loss's <see cref="ISequenceLoss{TTarget}.TargetSize"/>.</param>
    /// <param name="targets">Whether every step has a target or only each sequence's last one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public SequenceDataset(int inputSize, int targetSize, SequenceTargets targets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        InputSize = inputSize;
        TargetSize = targetSize;
        Targets = targets;
    }

    private SequenceDataset(int inputSize, int vocabularySize, int targetSize, SequenceTargets targets)
    {
        InputSize = inputSize;
        VocabularySize = vocabularySize;
        TargetSize = targetSize;
        Targets = targets;
    }

    /// <summary>An empty data set of token-id sequences, for a network declared with <c>VocabularySize</c> (an <see cref="ITokenNetwork"/>).</summary>
    /// <param name="vocabularySize">The number of token ids, the network's: ids are 0 to <paramref name="vocabularySize"/> − 1.</param>
    /// <param name="targetSize">The target values of one contributing step: the loss's <see cref="ISequenceLoss{TTarget}.TargetSize"/>.</param>
    /// <param name="targets">Whether every step has a target or only each sequence's last one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static SequenceDataset<TTarget> ForTokens(int vocabularySize, int targetSize, SequenceTargets targets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        return new SequenceDataset<TTarget>(0, vocabularySize, targetSize, targets);
    }

    /// <summary>The values of one input step; 0 in a token data set, whose steps are single ids.</summary>
    public int InputSize { get; }

    /// <summary>The number of token ids in a token data set (<see cref="ForTokens"/>); 0 in a data set of float inputs.</summary>
    public int VocabularySize { get; }

    /// <summary>Whether the sequences are token ids (<see cref="SequenceSample{TTarget}.Tokens"/>) rather than float inputs.</summary>
    public bool HasTokens => VocabularySize > 0;

    /// <summary>The target values of one contributing step.</summary>
    public int TargetSize { get; }

    /// <summary>Whether every step has a target or only each sequence's last one.</summary>
    public SequenceTargets Targets { get; }

    /// <summary>The number of sequences.</summary>
    public int Count => _samples.Count;

    /// <summary>The longest sequence's length, 0 when empty.</summary>
    public int MaxLength { get; private set; }

    /// <summary>The steps of all sequences together.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>The sequence at <paramref name="index"/>.</summary>
    public SequenceSample<TTarget> this[int index] => _samples[index];

    /// <summary>Adds a copy of one sequence.</summary>
    /// <param name="inputs"><c>[T, InputSize]</c> with T at least 1.</param>
    /// <param name="targets"><c>[T, TargetSize]</c> for <see cref="SequenceTargets.EveryStep"/>, <c>[TargetSize]</c> for <see cref="SequenceTargets.LastStep"/>.</param>
    /// <exception cref="ArgumentException">A span does not have that shape.</exception>
    /// <exception cref="InvalidOperationException">The data set holds token ids (use <see cref="AddTokens"/>).</exception>
    public void Add(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
    {
        if (HasTokens)
        {
            throw new InvalidOperationException("This data set holds token ids: add sequences with AddTokens.");
        }

        if (inputs.IsEmpty || inputs.Length % InputSize != 0)
        {
            throw new ArgumentException($"inputs must be [T, {InputSize}] with T at least 1, but has {inputs.Length} values.", nameof(inputs));
        }

        int length = inputs.Length / InputSize;
        CheckTargets(length, targets.Length);
        AddShared(new SequenceSample<TTarget>(inputs.ToArray(), targets.ToArray(), length));
    }

    /// <summary>Adds a copy of one sequence of token ids.</summary>
    /// <param name="tokens"><c>[T]</c> ids with T at least 1, each 0 to <see cref="VocabularySize"/> − 1.</param>
    /// <param name="targets"><c>[T, TargetSize]</c> for <see cref="SequenceTargets.EveryStep"/>, <c>[TargetSize]</c> for <see cref="SequenceTargets.LastStep"/>.</param>
    /// <exception cref="InvalidOperationException">The data set holds float inputs (use <see cref="Add"/>, or make it with <see cref="ForTokens"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary (the message names its position).</exception>
    /// <exception cref="ArgumentException">The sequence is empty, or the targets do not have their shape.</exception>
    public void AddTokens(ReadOnlySpan<int> tokens, ReadOnlySpan<TTarget> targets)
    {
        if (!HasTokens)
        {
            throw new InvalidOperationException("This data set holds float inputs: add sequences with Add, or make a token data set with SequenceDataset.ForTokens.");
        }

        if (tokens.IsEmpty)
        {
            throw new ArgumentException("tokens must hold at least one id.", nameof(tokens));
        }

        for (int position = 0; position < tokens.Length; position++)
        {
            Kernels.ArgumentChecks.TokenAt(tokens[position], position, VocabularySize, nameof(tokens));
        }

        CheckTargets(tokens.Length, targets.Length);
        AddShared(new SequenceSample<TTarget>(tokens.ToArray(), targets.ToArray()));
    }

    /// <summary>
    /// Divides the sequences at random into a training and a validation set, each keeping the original order;
    /// the same seed gives the same division.
    /// </summary>
    /// <param name="validationFraction">The share of sequences for validation, between 0 and 1 exclusive; rounded, but at least one sequence goes each way.</param>
    /// <param name="seed">Chooses the division.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not between 0 and 1.</exception>
    /// <exception cref="InvalidOperationException">There are fewer than two sequences.</exception>
    public (SequenceDataset<TTarget> Training, SequenceDataset<TTarget> Validation) Split(double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be between 0 and 1 exclusive.");
        }

        if (Count < 2)
        {
            throw new InvalidOperationException($"Splitting needs at least two sequences; the data set has {Count}.");
        }

        int validationCount = Math.Clamp((int)Math.Round(Count * validationFraction, MidpointRounding.AwayFromZero), 1, Count - 1);
        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new ShuffleRandom(seed);
        random.Shuffle(order);
        bool[] forValidation = new bool[Count];
        for (int i = 0; i < validationCount; i++)
        {
            forValidation[order[i]] = true;
        }

        var training = new SequenceDataset<TTarget>(InputSize, VocabularySize, TargetSize, Targets);
        var validation = new SequenceDataset<TTarget>(InputSize, VocabularySize, TargetSize, Targets);
        for (int i = 0; i < Count; i++)
        {
            (forValidation[i] ? validation : training).AddShared(_samples[i]);
        }

        return (training, validation);
    }

    /// <inheritdoc/>
    public IEnumerator<SequenceSample<TTarget>> GetEnumerator() => _samples.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void CheckTargets(int length, int targetsLength)
    {
        int expectedTargets = Targets == SequenceTargets.EveryStep ? length * TargetSize : TargetSize;
        if (targetsLength != expectedTargets)
        {
            string shape = Targets == SequenceTargets.EveryStep ? $"[T, {TargetSize}] = [{length}, {TargetSize}]" : $"[{TargetSize}]";
            throw new ArgumentException($"targets must be {shape} for {Targets} targets, but has {targetsLength} values.", "targets");
        }
    }

    // Samples are never written after they are added, so split sets can share them.
    private void AddShared(SequenceSample<TTarget> sample)
    {
        _samples.Add(sample);
        MaxLength = Math.Max(MaxLength, sample.Length);
        TotalSteps += sample.Length;
    }
}
