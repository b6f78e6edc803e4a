using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Tests.Weights;
using RnnGen.Training;
using Xunit.Abstractions;

namespace RnnGen.Tests.Tokens;

/// <summary>
/// Networks declared with <c>VocabularySize</c> against ONNX Runtime, an implementation we did not write, running
/// the graph <c>torch.onnx.export</c> makes of nn.Embedding, the recurrent layers and the head: a <c>Gather</c> of
/// the table by INT64 ids [T, 1] (batch first [1, T], then a Transpose), one LSTM, GRU or RNN node per layer, and
/// the Gemm head and its activation; on whichever instruction-set path this process runs.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class TokenOnnxConformanceTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    public static TheoryData<string, bool> Cases => new()
    {
        { nameof(TokenLstm), false },
        { nameof(TokenLstm), true },
        { nameof(TokenGru), false },
        { nameof(TokenGru), true },
        { nameof(TokenRnn), false },
        { nameof(TokenRnn), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardOnTokensAgreesWithOnnxRuntime(string network, bool batchFirst)
    {
        var worst = new double[1];
        ModelCatalog.InvokeGeneric(
            typeof(TokenOnnxConformanceTests), nameof(CheckAgainstOnnx), typeof(TokenOnnxConformanceTests).Assembly.GetType($"RnnGen.Tests.Tokens.Models.{network}")!, batchFirst, worst);
        output.WriteLine($"{network}{(batchFirst ? " (batch first)" : string.Empty)} on {Kernels.InstructionSets.Active}: largest scaled error against ONNX Runtime {worst[0]:E3}");
    }

    private static void CheckAgainstOnnx<TNetwork, TState>(bool batchFirst, double[] worst)
        where TNetwork : ITokenNetwork<TState>, new()
        where TState : struct
    {
        var (network, shape, parameters, table) = TokenNetworkTests.Create<TNetwork>(seed: 21);
        int[] tokens = TokenNetworkTests.RandomTokens(Steps, network.VocabularySize, seed: 22);
        var outputs = new float[Steps * shape.ResultSize];
        TState state = default;
        network.Forward(tokens, ref state, outputs, SequenceOutputs.EveryStep);

        byte[] model = OnnxTestModels.Write(shape, parameters, new() { EmbeddingTable = table, BatchFirst = batchFirst }).Model;
        double[] expected = OnnxTestModels.RunTokens(model, tokens, batchFirst).Select(value => (double)value).ToArray();
        worst[0] = Tolerance.AssertClose(outputs, expected, shape.ResultSize, $"{typeof(TNetwork).Name} on tokens vs ONNX Runtime");
    }
}
