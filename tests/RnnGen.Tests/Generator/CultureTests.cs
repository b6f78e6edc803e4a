using System.Globalization;
using System.Linq;

namespace RnnGen.Tests.Generator;

/// <summary>The emitted code is the same whatever culture the compiler runs under.</summary>
public sealed class CultureTests
{
    [Fact]
    public void OutputDoesNotDependOnTheCurrentCulture()
    {
        const string Source = "using RnnGen; [RecurrentNetwork(CellType.Lstm, 3, 1100 - 100, OutputSize = 2500)] public partial class Big;";
        string invariant = Generate(CultureInfo.InvariantCulture, Source);

        // Swedish writes U+2212 for minus and a non-breaking space between thousands; Arabic uses its own digits in some formats.
        foreach (string name in new[] { "sv-SE", "ar-SA", "de-DE" })
        {
            Assert.Equal(invariant, Generate(new CultureInfo(name), Source));
        }
    }

    private static string Generate(CultureInfo culture, string source)
    {
        CultureInfo savedCulture = CultureInfo.CurrentCulture;
        CultureInfo savedUiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            GeneratorOutput output = GeneratorHarness.Run(source);
            Assert.Empty(output.CompilationErrors);
            return output.Sources.Values.Single();
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }
    }
}
