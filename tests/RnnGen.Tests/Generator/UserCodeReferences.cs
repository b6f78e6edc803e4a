using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RnnGen.Tests.Generator;

/// <summary>
/// What a user's project compiles against, for compilations made in memory: the framework this process
/// runs on, plus the runtime library that declares the attribute. The bench compiles this file in by link.
/// </summary>
internal static class UserCodeReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(RecurrentNetworkAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    public static ImmutableArray<MetadataReference> All => Lazy.Value;
}
