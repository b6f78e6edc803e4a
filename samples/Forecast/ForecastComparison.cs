using System;

namespace RnnGen.Samples.Forecast;

/// <summary>The network's forecast from one origin beside the two baselines' and the values that came.</summary>
/// <param name="Origin">The last month known when forecasting.</param>
/// <param name="Network">The network's forecast of the <see cref="ForecastProblem.Horizon"/> months after the origin.</param>
/// <param name="SeasonalNaive">The seasonal-naive forecast: the year up to the origin, repeated.</param>
/// <param name="GrowingSeasonalNaive">The seasonal-naive forecast raised by the past year's growth for every year ahead.</param>
/// <param name="Truth">The values of those months.</param>
public sealed record ForecastComparison(int Origin, double[] Network, double[] SeasonalNaive, double[] GrowingSeasonalNaive, double[] Truth)
{
    /// <summary>Forecasts the months after <paramref name="origin"/> with <paramref name="network"/> and with the baselines.</summary>
    public static ForecastComparison At(ForecastProblem problem, Co2Forecaster network, int origin)
    {
        ArgumentNullException.ThrowIfNull(problem);
        double[] values = problem.Series.Values;
        double[] forecast = new double[ForecastProblem.Horizon];
        double[] seasonalNaive = new double[ForecastProblem.Horizon];
        double[] growingSeasonalNaive = new double[ForecastProblem.Horizon];
        problem.Forecast(network, origin, forecast);
        for (int h = 1; h <= ForecastProblem.Horizon; h++)
        {
            seasonalNaive[h - 1] = ForecastProblem.SeasonalNaive(values, origin, h);
            growingSeasonalNaive[h - 1] = ForecastProblem.GrowingSeasonalNaive(values, origin, h);
        }

        return new ForecastComparison(origin, forecast, seasonalNaive, growingSeasonalNaive, values[(origin + 1)..(origin + 1 + ForecastProblem.Horizon)]);
    }
}

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
