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
