namespace RnnGen.Training;

/// <summary>
/// A loss or metric before averaging: the sum over the contributing elements and how many there were.
/// Keeping both lets batches of different sizes combine into the exact mean over a whole data set.
/// </summary>
/// <param name="Sum">The sum over the contributing elements.</param>
/// <param name="Count">The number of contributing elements.</param>
public readonly record struct SumAndCount(double Sum, long Count)
{
    /// <summary>The mean, <see cref="Sum"/> / <see cref="Count"/>; NaN when nothing contributed.</summary>
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Combines two partial results, as if their elements had been evaluated together.</summary>
    public static SumAndCount operator +(SumAndCount left, SumAndCount right) => new(left.Sum + right.Sum, left.Count + right.Count);
}
