using System;

namespace RnnGen.Samples.Forecast;

/// <summary>A series with one value per calendar month and no gaps, from <see cref="FirstMonth"/> on.</summary>
/// <param name="FirstMonth">The first day of the first month.</param>
/// <param name="Values">One value per month.</param>
/// <param name="FilledMonths">How many of the values were missing from the file and filled by linear interpolation.</param>
public sealed record MonthlySeries(DateOnly FirstMonth, double[] Values, int FilledMonths)
{
    /// <summary>The number of months.</summary>
    public int Count => Values.Length;

    /// <summary>The first day of the month at <paramref name="index"/>.</summary>
    public DateOnly Month(int index) => FirstMonth.AddMonths(index);
}
