using System.Linq;
using System.IO;
using RnnGen.Tests.Generator;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Tests.Weights;
using RnnGen.Weights;

namespace RnnGen.Tests.Tokens;

/// <summary><c>embedding.weight</c> travels with the other parameters: through safetensors files at run time and as weights embedded at compile time.</summary>
public sealed class TokenWeightsTests
{
    [Fact]
    public void SafeTensorsRoundTripKeepsTheEmbeddingTable()
    {
        var saved = new TokenLstm();
        saved.InitializeParameters(seed: 1);
        using var file = new MemoryStream();
        SafeTensors.Save(saved, file);

        var loaded = new TokenLstm();
        SafeTensors.Load(loaded, file.ToArray(), "token-lstm.safetensors");

        Assert.Equal(saved.ParameterValues.ToArray(), loaded.ParameterValues.ToArray());
        var expected = new float[3 * TokenLstm.OutputSize];
        var actual = new float[expected.Length];
        TokenLstm.State savedState = default, loadedState = default;
        saved.Forward([3, 10, 0], ref savedState, expected);
        loaded.Forward([3, 10, 0], ref loadedState, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EmbeddedWeightsIncludeTheEmbeddingTable()
    {
        var source = new TokenGru();
        source.InitializeParameters(seed: 2);
        using var file = new MemoryStream();
        SafeTensors.Save(source, file);

        GeneratorOutput output = GeneratorHarness.Run(
            new[] { WeightsFiles.Encoded("/src/model.safetensors", file.ToArray()) },
            "using RnnGen; namespace App; [RecurrentNetwork(CellType.Gru, inputSize: 7, hiddenSize: 9, VocabularySize = 30, Weights = \"model.safetensors\")] public partial class Net;");
        Assert.Empty(output.Diagnostics);
        using var loaded = new LoadedAssembly(output.Compilation);
        IRecurrentNetwork embedded = loaded.Create("App.Net");

        Assert.Equal(TokenGru.ParameterNames, embedded.ParameterNames);
        foreach (string name in TokenGru.ParameterNames)
        {
            int length = TokenGru.ParameterShape(name).Aggregate(1, (product, dimension) => product * dimension);
            var expected = new float[length];
            var actual = new float[length];
            source.GetParameter(name, expected);
            embedded.GetParameter(name, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void EmbeddedWeightsWithoutTheEmbeddingTableAreReported()
    {
        var source = new Conformance.Models.GruHidden7();
        using var file = new MemoryStream();
        SafeTensors.Save(source, file);

        GeneratorOutput output = GeneratorHarness.Run(
            new[] { WeightsFiles.Encoded("/src/model.safetensors", file.ToArray()) },
            "using RnnGen; namespace App; [RecurrentNetwork(CellType.Gru, inputSize: 17, hiddenSize: 7, Layers = 3, OutputSize = 17, OutputActivation = Activation.Relu, VocabularySize = 4, Weights = \"model.safetensors\")] public partial class Net;");

        Assert.Contains(output.Diagnostics, diagnostic => diagnostic.Id == "RNNG016" && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("embedding.weight"));
    }
}
