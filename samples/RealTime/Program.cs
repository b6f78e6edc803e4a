// Learns an overdrive effect with a generated LSTM and streams 48 kHz audio through it sample by sample;
// see README.md beside this file.
using System;
using RnnGen.Samples;
using RnnGen.Samples.RealTime;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
return RealTimeSample.Run(args, AnsiConsole.Console, Console.Error, cancellation.Token);
