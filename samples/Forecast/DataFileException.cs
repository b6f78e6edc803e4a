using System;

namespace RnnGen.Samples.Forecast;

/// <summary>The data file is missing, unreadable or not in the expected form; the message names the file and the problem.</summary>
public sealed class DataFileException(string message, Exception? innerException = null) : Exception(message, innerException);
