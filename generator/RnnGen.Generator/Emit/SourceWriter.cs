using System;
using System.Text;

namespace RnnGen.Generator.Emit;

/// <summary>Writes indented C# with <c>\n</c> line endings, so the output is the same on every OS.</summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * IndentSize).Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Stands for a template line that a condition left out: <see cref="Lines"/> drops it rather than leave a blank line.</summary>
    public const string OmittedLine = "\u0001";

    /// <summary>
    /// A multi-line piece for a template line one level in: its first line takes that line's place, the others are
    /// indented to match it.
    /// </summary>
    public static string Nested(string text) => text.Replace("\n", "\n" + new string(' ', IndentSize));

    /// <summary><paramref name="text"/> when <paramref name="condition"/> holds, else a line <see cref="Lines"/> omits.</summary>
    public static string If(bool condition, string text) => condition ? text : OmittedLine;

    /// <summary>Writes a multi-line template at the current indentation.</summary>
    public void Lines(string text)
    {
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimEnd('\r', ' ');
            if (trimmed.TrimStart() != OmittedLine)
            {
                Line(trimmed);
            }
        }
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the result is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new BlockCloser(this, "}");
    }

    /// <summary>Opens a bare <c>{ }</c> scope, so the locals of one tile do not collide with the next.</summary>
    public IDisposable Scope()
    {
        Line("{");
        _indent++;
        return new BlockCloser(this, "}");
    }

    /// <summary>Writes an opening brace after <paramref name="header"/> and closes it with <paramref name="closing"/>.</summary>
    public IDisposable Block(string header, string closing)
    {
        Line(header);
        Line("{");
        _indent++;
        return new BlockCloser(this, closing);
    }

    public void ChangeIndent(int levels) => _indent += levels;

    public override string ToString() => _builder.ToString();

    private sealed class BlockCloser(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line(closing);
        }
    }
}
