using System;

namespace RnnGen.Samples.Forecast;

/// <summary>Mean absolute errors of the network and the baselines, in the series' unit, over every month ahead of a range of origins.</summary>
/// <param name="Network">The network's.</param>
/// <param name="SeasonalNaive">The seasonal-naive baseline's.</param>
/// <param name="GrowingSeasonalNaive">The growth-adjusted seasonal-naive baseline's.</param>
public sealed record ForecastErrors(double Network, double SeasonalNaive, double GrowingSeasonalNaive)
{
    /// <summary>Forecasts from every origin in <c>[firstOrigin, lastOrigin]</c> and averages the absolute errors over all their months.</summary>
    public static ForecastErrors Measure(ForecastProblem problem, Co2Forecaster network, int firstOrigin, int lastOrigin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lastOrigin, firstOrigin);
        double networkSum = 0;
        double seasonalNaiveSum = 0;
        double growingSeasonalNaiveSum = 0;
        for (int origin = firstOrigin; origin <= lastOrigin; origin++)
        {
            ForecastComparison comparison = ForecastComparison.At(problem, network, origin);
            networkSum += AbsoluteErrorSum(comparison.Network, comparison.Truth);
            seasonalNaiveSum += AbsoluteErrorSum(comparison.SeasonalNaive, comparison.Truth);
            growingSeasonalNaiveSum += AbsoluteErrorSum(comparison.GrowingSeasonalNaive, comparison.Truth);
        }

        double count = (lastOrigin - firstOrigin + 1) * ForecastProblem.Horizon;
        return new ForecastErrors(networkSum / count, seasonalNaiveSum / count, growingSeasonalNaiveSum / count);
    }

    private static double AbsoluteErrorSum(ReadOnlySpan<double> forecast, ReadOnlySpan<double> truth)
    {
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            sum += Math.Abs(forecast[i] - truth[i]);
        }

        return sum;
    }
}
