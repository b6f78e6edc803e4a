using System;
using RnnGen.Training;

namespace RnnGen.Samples.Forecast;

/// <summary>
/// The forecasting task on one monthly series: what the network sees, what it must predict, and which months
/// serve training, validation and the held-out test.
/// </summary>
/// <remarks>
/// <para>
/// A forecast is made at an <em>origin</em>, the last month whose value is known, for the <see cref="Horizon"/>
/// months after it. The network reads the <see cref="ContextMonths"/> months up to the origin, each as
/// <see cref="FeatureCount"/> features: the change from the month before and the change from a year before (each
/// standardized with the training months' mean and deviation), and the calendar month as a point on the unit
/// circle. Differences rather than levels keep the inputs in the range training saw although the level rises every year.
/// </para>
/// <para>
/// For each month ahead the network predicts how far the value will lie from <see cref="GrowingSeasonalNaive"/>
/// (the last observed year repeated, raised by the past year's growth for every year ahead), in units of
/// <see cref="TargetScale"/>. That baseline carries the seasonal cycle and the trend, including growth faster than
/// any the training years saw, which a network's bounded outputs would not extrapolate; the network learns a
/// correction to it from the changes of the months it reads.
/// </para>
/// <para>
/// Time splits, none of which reaches a later one: the test months are the last <see cref="TestMonths"/>, forecast
/// once from the month before them, <see cref="TestOrigin"/>. The validation origins are the
/// <see cref="ValidationOrigins"/> before it whose horizons end by the test origin. The training origins are those
/// whose horizons end by the first validation origin, so training never sees a validation target. The final fit
/// trains on every origin whose horizon ends by the test origin, training and validation origins alike.
/// </para>
/// </remarks>
public sealed class ForecastProblem
{
    /// <summary>The months forecast at once.</summary>
    public const int Horizon = 24;

    /// <summary>The features of one month: change from the month before, change from the year before, sine and cosine of the calendar month.</summary>
    public const int FeatureCount = 4;

    /// <summary>The months the network reads before each forecast.</summary>
    public const int ContextMonths = 36;

    /// <summary>The held-out months at the end of the series.</summary>
    public const int TestMonths = Horizon;

    /// <summary>The validation forecast origins.</summary>
    public const int ValidationOrigins = 24;

    /// <summary>
    /// The months of the shortest usable series: a year before the first features, the first training origin's
    /// context and horizon (ending at the first validation origin), the other validation origins and the last one's
    /// horizon (ending at the test origin), and the test months.
    /// </summary>
    public const int MinimumMonths = FirstFeatureMonth + ContextMonths + Horizon + (ValidationOrigins - 1) + Horizon + TestMonths;

    private const int MonthsPerYear = 12;

    // The first month with a value a year before it, so that its features are defined.
    private const int FirstFeatureMonth = MonthsPerYear;

    private readonly double[] _values;
    private readonly float[] _features;
    private readonly double _monthlyChangeMean;
    private readonly double _monthlyChangeDeviation;
    private readonly double _annualChangeMean;
    private readonly double _annualChangeDeviation;

    private ForecastProblem(MonthlySeries series)
    {
        Series = series;
        _values = series.Values;
        TestOrigin = series.Count - TestMonths - 1;
        LastValidationOrigin = TestOrigin - Horizon;
        FirstValidationOrigin = LastValidationOrigin - ValidationOrigins + 1;
        LastTrainingOrigin = FirstValidationOrigin - Horizon;
        FirstTrainingOrigin = FirstFeatureMonth + ContextMonths - 1;

        int lastTrainingMonth = LastTrainingOrigin + Horizon;
        (_monthlyChangeMean, _monthlyChangeDeviation) = ChangeMeanAndDeviation(lag: 1, lastTrainingMonth);
        (_annualChangeMean, _annualChangeDeviation) = ChangeMeanAndDeviation(lag: MonthsPerYear, lastTrainingMonth);
        TargetScale = RootMeanSquareResidual(FirstTrainingOrigin, LastTrainingOrigin);
        _features = new float[series.Count * FeatureCount];
        for (int month = FirstFeatureMonth; month < series.Count; month++)
        {
            WriteFeatures(month, _features.AsSpan(month * FeatureCount, FeatureCount));
        }
    }

    /// <summary>The series.</summary>
    public MonthlySeries Series { get; }

    /// <summary>The last month known when forecasting the held-out test months.</summary>
    public int TestOrigin { get; }

    /// <summary>The first training origin: the first with a full context of features.</summary>
    public int FirstTrainingOrigin { get; }

    /// <summary>The last training origin: its horizon ends at the first validation origin, before any validation target.</summary>
    public int LastTrainingOrigin { get; }

    /// <summary>The first validation origin.</summary>
    public int FirstValidationOrigin { get; }

    /// <summary>The last validation origin, and the last origin of the final fit: its horizon ends at the test origin.</summary>
    public int LastValidationOrigin { get; }

    /// <summary>The root mean square, over the training origins and months ahead, of how far the value lies from <see cref="GrowingSeasonalNaive"/>.</summary>
    public double TargetScale { get; }

    /// <summary>Sets up the task on <paramref name="series"/>.</summary>
    /// <exception cref="ArgumentException">The series is shorter than <see cref="MinimumMonths"/>.</exception>
    public static ForecastProblem Create(MonthlySeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count < MinimumMonths)
        {
            throw new ArgumentException($"The series has {series.Count} months; forecasting needs at least {MinimumMonths}.", nameof(series));
        }

        return new ForecastProblem(series);
    }

    /// <summary>
    /// The seasonal-naive forecast from <paramref name="origin"/>: month <c>origin + h</c> gets the value of the same
    /// calendar month in the 12 months up to the origin, <c>origin + h - 12·⌈h/12⌉</c>, so the last observed year repeats.
    /// </summary>
    public static double SeasonalNaive(ReadOnlySpan<double> values, int origin, int monthsAhead) =>
        values[origin + monthsAhead - (MonthsPerYear * YearsAhead(monthsAhead))];

    /// <summary>
    /// The seasonal-naive forecast raised by the past year's growth for every year ahead: month <c>origin + h</c> gets
    /// <c>SeasonalNaive(h) + ⌈h/12⌉ · g</c>, where g is the mean change from a year before over the 12 months up to the origin.
    /// </summary>
    public static double GrowingSeasonalNaive(ReadOnlySpan<double> values, int origin, int monthsAhead)
    {
        double growth = 0;
        for (int month = origin - MonthsPerYear + 1; month <= origin; month++)
        {
            growth += values[month] - values[month - MonthsPerYear];
        }

        return SeasonalNaive(values, origin, monthsAhead) + (YearsAhead(monthsAhead) * growth / MonthsPerYear);
    }

    /// <summary>The training origins' sequences, for the validation run.</summary>
    public SequenceDataset<float> TrainingSet() => CreateDataset(FirstTrainingOrigin, LastTrainingOrigin);

    /// <summary>The validation origins' sequences.</summary>
    public SequenceDataset<float> ValidationSet() => CreateDataset(FirstValidationOrigin, LastValidationOrigin);

    /// <summary>The sequences of the final fit: every origin whose horizon ends by the test origin.</summary>
    public SequenceDataset<float> FinalFitSet() => CreateDataset(FirstTrainingOrigin, LastValidationOrigin);

    /// <summary>Forecasts the <see cref="Horizon"/> months after <paramref name="origin"/> into <paramref name="forecast"/>, in the series' unit.</summary>
    public void Forecast(Co2Forecaster network, int origin, Span<double> forecast)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(origin, FirstTrainingOrigin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(origin, TestOrigin);
        ArgumentOutOfRangeException.ThrowIfLessThan(forecast.Length, Horizon);
        var state = new Co2Forecaster.State();
        Span<float> outputs = stackalloc float[ContextMonths * Co2Forecaster.OutputSize];
        network.Forward(Context(origin), ref state, outputs);
        ReadOnlySpan<float> atOrigin = outputs[^Co2Forecaster.OutputSize..];
        for (int h = 1; h <= Horizon; h++)
        {
            forecast[h - 1] = GrowingSeasonalNaive(_values, origin, h) + (TargetScale * atOrigin[h - 1]);
        }
    }

    private static int YearsAhead(int monthsAhead) => (monthsAhead + MonthsPerYear - 1) / MonthsPerYear;

    private SequenceDataset<float> CreateDataset(int firstOrigin, int lastOrigin)
    {
        var data = new SequenceDataset<float>(FeatureCount, Horizon, SequenceTargets.LastStep);
        Span<float> targets = stackalloc float[Horizon];
        for (int origin = firstOrigin; origin <= lastOrigin; origin++)
        {
            for (int h = 1; h <= Horizon; h++)
            {
                targets[h - 1] = (float)(Residual(origin, h) / TargetScale);
            }

            data.Add(Context(origin), targets);
        }

        return data;
    }

    private ReadOnlySpan<float> Context(int origin) =>
        _features.AsSpan((origin - ContextMonths + 1) * FeatureCount, ContextMonths * FeatureCount);

    private void WriteFeatures(int month, Span<float> destination)
    {
        double calendarAngle = 2 * Math.PI * Series.Month(month).Month / MonthsPerYear;
        destination[0] = (float)((_values[month] - _values[month - 1] - _monthlyChangeMean) / _monthlyChangeDeviation);
        destination[1] = (float)((_values[month] - _values[month - MonthsPerYear] - _annualChangeMean) / _annualChangeDeviation);
        destination[2] = (float)Math.Sin(calendarAngle);
        destination[3] = (float)Math.Cos(calendarAngle);
    }

    private double Residual(int origin, int monthsAhead) => _values[origin + monthsAhead] - GrowingSeasonalNaive(_values, origin, monthsAhead);

    private (double Mean, double Deviation) ChangeMeanAndDeviation(int lag, int lastMonth)
    {
        double sum = 0;
        double sumOfSquares = 0;
        int count = lastMonth - FirstFeatureMonth + 1;
        for (int month = FirstFeatureMonth; month <= lastMonth; month++)
        {
            double change = _values[month] - _values[month - lag];
            sum += change;
            sumOfSquares += change * change;
        }

        double mean = sum / count;
        return (mean, Spread((sumOfSquares / count) - (mean * mean)));
    }

    private double RootMeanSquareResidual(int firstOrigin, int lastOrigin)
    {
        double sumOfSquares = 0;
        for (int origin = firstOrigin; origin <= lastOrigin; origin++)
        {
            for (int h = 1; h <= Horizon; h++)
            {
                double residual = Residual(origin, h);
                sumOfSquares += residual * residual;
            }
        }

        return Spread(sumOfSquares / ((lastOrigin - firstOrigin + 1) * Horizon));
    }

    // A series without spread (a straight line, say) is divided by 1 instead, which leaves its values only centred.
    private static double Spread(double variance)
    {
        double deviation = Math.Sqrt(Math.Max(variance, 0));
        return deviation > 0 ? deviation : 1;
    }
}
