using System;

namespace RnnGen.Training;

/// <summary>One sequence of a <see cref="SequenceDataset{TTarget}"/>: its inputs and its targets.</summary>
/// <typeparam name="TTarget">The target element: <see cref="float"/> for values, <see cref="int"/> for class indices.</typeparam>
public readonly struct SequenceSample<TTarget>
    where TTarget : unmanaged
{
    internal SequenceSample(float[] inputs, TTarget[] targets, int length)
    {
        Inputs = inputs;
        Targets = targets;
        Length = length;
    }

    internal SequenceSample(int[] tokens, TTarget[] targets)
    {
        Tokens = tokens;
        Targets = targets;
        Length = tokens.Length;
    }

    /// <summary>The inputs, <c>[Length, InputSize]</c>; empty in a token data set.</summary>
    public ReadOnlyMemory<float> Inputs { get; }

    /// <summary>The token ids, <c>[Length]</c>, in a token data set (<see cref="SequenceDataset{TTarget}.ForTokens"/>); otherwise empty.</summary>
    public ReadOnlyMemory<int> Tokens { get; }

    /// <summary>The targets: <c>[Length, TargetSize]</c> per step, or <c>[TargetSize]</c> for the sequence's last step.</summary>
    public ReadOnlyMemory<TTarget> Targets { get; }

    /// <summary>The number of steps.</summary>
    public int Length { get; }
}
