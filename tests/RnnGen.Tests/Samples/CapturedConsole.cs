using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace RnnGen.Tests.Samples;

/// <summary>A console for a sample's report and a writer for its error messages, both kept as text; no colours, no live redrawing.</summary>
internal sealed class CapturedConsole
{
    private readonly StringWriter _output = new();

    public CapturedConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
    }

    public IAnsiConsole Console { get; }

    public StringWriter Errors { get; } = new();

    public string Output => _output.ToString();

    /// <summary>Every number in the report that follows <paramref name="label"/> and whitespace, in order.</summary>
    public double[] NumbersAfter(string label) =>
        Regex.Matches(Output, Regex.Escape(label) + @"\s+(-?[0-9][0-9.,]*(?:E[-+]?[0-9]+)?)")
            .Select(match => double.Parse(match.Groups[1].Value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToArray();
}
