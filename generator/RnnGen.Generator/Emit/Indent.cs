using System;

namespace RnnGen.Generator.Emit;

/// <summary>Indents what is written while it is alive, for code emitted inside a block opened by a template.</summary>
internal readonly struct Indent : IDisposable
{
    private readonly SourceWriter _writer;
    private readonly int _levels;

    public Indent(SourceWriter writer, int levels)
    {
        _writer = writer;
        _levels = levels;
        writer.ChangeIndent(levels);
    }

    public void Dispose() => _writer.ChangeIndent(-_levels);
}
