// Trains a character-level GRU to tell English, German, French and Spanish words apart, reports its held-out
// accuracy and confusion matrix, then labels the words given on the command line.
using System;
using RnnGen.Samples;
using RnnGen.Samples.Classify;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
return ClassifySample.Run(args, AnsiConsole.Console, Console.Error, cancellation.Token);
