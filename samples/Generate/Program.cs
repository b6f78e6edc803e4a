// Trains a character-level GRU language model on Ambrose Bierce's The Devil's Dictionary (A to Liberty), reports
// its held-out bits per character against a unigram model, then writes new text at two temperatures.
using System;
using RnnGen.Samples;
using RnnGen.Samples.Generate;
using Spectre.Console;

using var cancellation = new ConsoleCancellation();
return GenerateSample.Run(args, AnsiConsole.Console, Console.Error, cancellation.Token);
