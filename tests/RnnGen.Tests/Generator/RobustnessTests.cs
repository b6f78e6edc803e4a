namespace RnnGen.Tests.Generator;

/// <summary>
/// Code being typed in an IDE is mostly broken: the generator must report what it can and never throw
/// (a throwing generator shows the user CS8785 and produces nothing).
/// </summary>
public sealed class RobustnessTests
{
    [Theory]
    [InlineData("[RecurrentNetwork] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(\"lstm\", 8, 32)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8.5, 32)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32, Layers = \"two\")] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32, Unknown = 3)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32, Layers = )] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32 public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, int.MaxValue, OutputSize = int.MinValue)] public partial class Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32)] public partial record Net;")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32)] public partial class Net { } public partial class Net { }")]
    [InlineData("[RecurrentNetwork(CellType.Lstm, 8, 32)] public partial class Net : System.IDisposable;")]
    public void MalformedDeclarationNeverCrashesTheGenerator(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run("using RnnGen; " + declaration);

        Assert.Null(output.Exception);
        Assert.DoesNotContain(output.Diagnostics, diagnostic => diagnostic.Id == "RNNG099");
    }
}
