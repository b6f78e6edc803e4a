// Forecasts monthly atmospheric CO2 at Mauna Loa 24 months ahead with a generated LSTM; see README.md beside this file.
using System;
using RnnGen.Samples;
using RnnGen.Samples.Forecast;
using Spectre.Console;

return SampleEntryPoint.Run<ForecastOptions>(args, ForecastOptions.TryParse, ForecastOptions.Usage, options => ForecastSample.Run(options, AnsiConsole.Console, Console.Error));
