// Learns an overdrive effect with a generated LSTM and streams 48 kHz audio through it sample by sample;
// see README.md beside this file.
using System;
using RnnGen.Samples;
using RnnGen.Samples.RealTime;
using Spectre.Console;

return SampleEntryPoint.Run<RealTimeOptions>(args, RealTimeOptions.TryParse, RealTimeOptions.Usage, options => RealTimeSample.Run(options, AnsiConsole.Console, Console.Error));
