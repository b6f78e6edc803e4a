// Forecasts monthly atmospheric CO2 at Mauna Loa 24 months ahead with a generated LSTM; see README.md beside this file.
using System;
using RnnGen.Samples.Forecast;
using Spectre.Console;

if (!ForecastOptions.TryParse(args, out ForecastOptions? options, out string? error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(ForecastOptions.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(ForecastOptions.Usage);
    return 0;
}

return ForecastSample.Run(options, AnsiConsole.Console, Console.Error);
