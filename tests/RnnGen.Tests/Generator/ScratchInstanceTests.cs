using System.Linq;
using System.Threading;

namespace RnnGen.Tests.Generator;

/// <summary>
/// The first construction of a network type runs one step on a scratch instance, so the first real step is not
/// slowed by cold code, but only when constructing an instance runs no code of the user's: a constructor or an
/// initializer of theirs could count, log or open something, and must run once per <c>new</c>.
/// </summary>
public sealed class ScratchInstanceTests
{
    private const string Attribute = "using RnnGen; [RecurrentNetwork(CellType.Gru, inputSize: 2, hiddenSize: 4)] ";

    [Theory]
    [InlineData("public partial class Net;")]
    [InlineData("public partial class Net { public static int Count = 1; public int Steps; }")]
    [InlineData("public partial record Net;")]
    public void AClassWhoseConstructionIsAllGeneratedWarmsUpOnAScratchInstance(string declaration) =>
        Assert.Contains("new Net().WarmUpStep();", GeneratedSource(declaration));

    [Theory]
    [InlineData("public partial class Net { public Net() { } }")]
    [InlineData("public partial class Net { public Net(int seed) { } }")]
    [InlineData("public partial class Net { private readonly object _gate = new(); }")]
    [InlineData("public partial class Net { public string Name { get; } = \"n\"; }")]
    [InlineData("public partial class Net { public event System.Action Stepped = delegate { }; }")]
    [InlineData("public partial record Net(int Seed);")]
    [InlineData("public abstract partial class Net;")]
    [InlineData("public partial class Net { public required string Name { get; init; } }")]
    [InlineData("public partial class Net { ~Net() { } }")]
    [InlineData("public partial class Net : Base; public class Base { public Base() { } }")]
    public void AClassWithUserCodeInItsConstructionIsNeverConstructedByTheGeneratedCode(string declaration) =>
        Assert.DoesNotContain("new Net()", GeneratedSource(declaration));

    [Fact]
    public void AUserConstructorRunsOncePerNewEvenOnTheFirstConstruction()
    {
        int before = CountedConstruction.Constructions;

        _ = new CountedConstruction();

        Assert.Equal(before + 1, CountedConstruction.Constructions);
    }

    private static string GeneratedSource(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run(Attribute + declaration);
        Assert.Empty(output.CompilationErrors);
        return output.Sources.Values.Single();
    }
}

[RecurrentNetwork(CellType.Rnn, inputSize: 1, hiddenSize: 3)]
public partial class CountedConstruction
{
    public CountedConstruction() => Interlocked.Increment(ref s_constructions);

    private static int s_constructions;

    public static int Constructions => Volatile.Read(ref s_constructions);
}
