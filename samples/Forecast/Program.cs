// Forecasts monthly atmospheric CO2 at Mauna Loa 24 months ahead with a generated LSTM; see README.md beside this file.
using System;
using RnnGen.Samples;
using RnnGen.Samples.Forecast;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
return ForecastSample.Run(args, AnsiConsole.Console, Console.Error, cancellation.Token);
