using System;
using System.Collections.Generic;
using System.IO;

namespace RnnGen.Tests.Package;

/// <summary>
/// The RnnGen package, packed once from this working tree into a local feed in a temporary directory,
/// which also holds whatever the package tests build; disposal deletes it all.
/// </summary>
public sealed class PackedRnnGen : IDisposable
{
    private readonly ScratchDirectory _scratch = new("package");

    public PackedRnnGen()
    {
        try
        {
            Feed = NewDirectory("feed");

            // --artifacts-path gives the pack its own bin/ and obj/ for every project it builds (the library and
            // the generator), in the temporary directory: the solution's own Debug and Release outputs and
            // obj/ files are neither read nor written, so a build of the solution running beside this test
            // (or one that built it in another configuration) cannot collide with the pack or leak into it.
            // --disable-build-servers leaves no MSBuild node or compiler server behind holding this process's output.
            DotnetCli.Run(
                RepositoryPaths.Root,
                new Dictionary<string, string>(),
                "pack", Path.Combine("src", "RnnGen"), "-c", "Release", "--disable-build-servers",
                "--artifacts-path", NewDirectory("artifacts"), "-o", Feed, $"-p:Version={Version}");
            PackagePath = Path.Combine(Feed, $"RnnGen.{Version}.nupkg");
        }
        catch
        {
            _scratch.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A version no feed has: together with a fresh packages folder for each consumer, no build can take a
    /// cached or published RnnGen instead of the one packed here.
    /// </summary>
    public string Version { get; } = $"0.0.0-packagetest-{Guid.NewGuid():N}";

    /// <summary>The local feed: a folder holding the package.</summary>
    public string Feed { get; }

    public string PackagePath { get; }

    /// <summary>A new empty directory inside the temporary directory.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(_scratch.File(name)).FullName;

    public void Dispose() => _scratch.Dispose();
}
