namespace RnnGen.Samples.Forecast;

/// <summary>
/// The forecasting network: an LSTM reads a window of monthly features (<see cref="ForecastProblem.FeatureCount"/> per
/// month) and its head gives, at the window's last month, all <see cref="ForecastProblem.Horizon"/> months ahead at once.
/// The generator writes the rest of the class.
/// </summary>
[RecurrentNetwork(CellType.Lstm, inputSize: ForecastProblem.FeatureCount, hiddenSize: 32, OutputSize = ForecastProblem.Horizon)]
public partial class Co2Forecaster;
