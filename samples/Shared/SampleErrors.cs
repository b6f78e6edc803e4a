using System;

namespace RnnGen.Samples;

/// <summary>The data file is missing, unreadable or not in the expected form; the message names the file and the problem.</summary>
internal sealed class DataFileException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>A result cannot be written where the user asked; the message names the place and the problem.</summary>
internal sealed class OutputException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The command line asks for something the sample does not offer; the message says what and why.</summary>
internal sealed class UsageException(string message) : Exception(message);
