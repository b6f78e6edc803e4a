using System;
using System.Collections;
using System.Collections.Generic;

namespace RnnGen.Training;

/// <summary>
/// Sequences of varying length with their targets, all of one shape: what the trainer iterates over. The
/// samples are copied in, so later changes to the caller's buffers do not reach them.
/// </summary>
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

    /// <summary>The values of one input step.</summary>
    public int InputSize { get; }

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
    public void Add(ReadOnlySpan<float> inputs, ReadOnlySpan<TTarget> targets)
    {
        if (inputs.IsEmpty || inputs.Length % InputSize != 0)
        {
            throw new ArgumentException($"inputs must be [T, {InputSize}] with T at least 1, but has {inputs.Length} values.", nameof(inputs));
        }

        int length = inputs.Length / InputSize;
        int expectedTargets = Targets == SequenceTargets.EveryStep ? length * TargetSize : TargetSize;
        if (targets.Length != expectedTargets)
        {
            string shape = Targets == SequenceTargets.EveryStep ? $"[T, {TargetSize}] = [{length}, {TargetSize}]" : $"[{TargetSize}]";
            throw new ArgumentException($"targets must be {shape} for {Targets} targets, but has {targets.Length} values.", nameof(targets));
        }

        AddShared(new SequenceSample<TTarget>(inputs.ToArray(), targets.ToArray(), length));
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

        var training = new SequenceDataset<TTarget>(InputSize, TargetSize, Targets);
        var validation = new SequenceDataset<TTarget>(InputSize, TargetSize, Targets);
        for (int i = 0; i < Count; i++)
        {
            (forValidation[i] ? validation : training).AddShared(_samples[i]);
        }

        return (training, validation);
    }

    /// <inheritdoc/>
    public IEnumerator<SequenceSample<TTarget>> GetEnumerator() => _samples.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Samples are never written after they are added, so split sets can share them.
    private void AddShared(SequenceSample<TTarget> sample)
    {
        _samples.Add(sample);
        MaxLength = Math.Max(MaxLength, sample.Length);
        TotalSteps += sample.Length;
    }
}
