using System;
using System.IO;

namespace RnnGen.Tests;

/// <summary>A new empty directory under the system's temporary directory, deleted with everything in it on disposal.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    /// <param name="purpose">A word in the directory's name, so that a directory left by a killed test run tells what made it.</param>
    public ScratchDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rnngen-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates an empty file named <paramref name="name"/> here and returns its path.</summary>
    public string EmptyFile(string name)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, []);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
