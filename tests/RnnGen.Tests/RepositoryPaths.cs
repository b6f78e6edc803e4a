using System.IO;
using System.Runtime.CompilerServices;

namespace RnnGen.Tests;

/// <summary>Paths in the repository, found from this source file so they hold in any working directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(ThisDirectory(), "..", ".."));

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
