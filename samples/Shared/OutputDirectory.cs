using System;
using System.IO;

namespace RnnGen.Samples;

/// <summary>The folder a sample writes its results to.</summary>
internal static class OutputDirectory
{
    /// <summary>
    /// Creates <paramref name="path"/> (with its parents) and returns its full path. Samples call this before training,
    /// so that a path that cannot hold the results fails at once rather than after minutes of work.
    /// </summary>
    /// <param name="path">The folder the user asked for.</param>
    /// <param name="contents">What goes there, for messages: "the plots".</param>
    /// <exception cref="OutputException">The folder cannot be created, for instance because a file has its name.</exception>
    public static string Create(string path, string contents)
    {
        try
        {
            return Directory.CreateDirectory(path).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new OutputException($"Cannot write {contents} to {path}: {exception.Message}", exception);
        }
    }
}
