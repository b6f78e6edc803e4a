using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace RnnGen.Tests.Weights;

/// <summary>A compilation emitted and loaded into a collectible context, unloaded on dispose; RnnGen itself resolves to the tests' copy, so the interfaces are shared.</summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context = new("RnnGen.Tests.UserAssembly", isCollectible: true);
    private readonly Assembly _assembly;

    public LoadedAssembly(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        _assembly = _context.LoadFromStream(stream);
    }

    public IRecurrentNetwork Create(string typeName, params object[] arguments) =>
        (IRecurrentNetwork)Activator.CreateInstance(_assembly.GetType(typeName, throwOnError: true)!, arguments)!;

    public void Dispose() => _context.Unload();
}
