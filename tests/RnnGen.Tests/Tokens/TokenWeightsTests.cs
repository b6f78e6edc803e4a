using System;
using System.IO;
using System.Linq;
using RnnGen.Tests.Generator;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Tests.Weights;
using RnnGen.Training;
using RnnGen.Weights;

namespace RnnGen.Tests.Tokens;

/// <summary><c>embedding.weight</c> travels with the other parameters, of unidirectional and bidirectional networks alike: through safetensors files at run time and as weights embedded at compile time.</summary>
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
    public void SafeTensorsRoundTripKeepsTheEmbeddingTableOfABidirectionalNetwork()
    {
        var saved = new BiTokenLstm();
        saved.InitializeParameters(seed: 3);
        using var file = new MemoryStream();
        SafeTensors.Save(saved, file);

        var loaded = new BiTokenLstm();
        SafeTensors.Load(loaded, file.ToArray(), "bidirectional-token-lstm.safetensors");

        Assert.Equal(saved.ParameterValues.ToArray(), loaded.ParameterValues.ToArray());
        int[] tokens = { 3, 10, 0, 7 };
        var expected = new float[tokens.Length * BiTokenLstm.OutputSize];
        var actual = new float[expected.Length];
        saved.Forward(tokens, expected);
        loaded.Forward(tokens, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SetParameterOfTheEmbeddingTableChangesWhatABidirectionalForwardReads()
    {
        var network = new BiTokenGru();
        network.InitializeParameters(seed: 4);
        int[] tokens = { 5, 5, 2 };
        var before = new float[tokens.Length * BiTokenGru.OutputSize];
        network.Forward(tokens, before);

        // Row 2 copied over row 5: ids 5, 5, 2 then read the same rows as ids 2, 2, 2.
        var table = new float[BiTokenGru.VocabularySize * BiTokenGru.InputSize];
        network.GetParameter("embedding.weight", table);
        Array.Copy(table, 2 * BiTokenGru.InputSize, table, 5 * BiTokenGru.InputSize, BiTokenGru.InputSize);
        network.SetParameter("embedding.weight", table);
        var after = new float[before.Length];
        network.Forward(tokens, after);
        var same = new float[before.Length];
        network.Forward(new[] { 2, 2, 2 }, same);

        var readBack = new float[table.Length];
        network.GetParameter("embedding.weight", readBack);
        Assert.Equal(table, readBack);
        Assert.NotEqual(before, after);
        Assert.Equal(same, after);
    }

    [Fact]
    public void EmbeddedWeightsIncludeTheEmbeddingTable()
    {
        var source = new TokenGru();
        source.InitializeParameters(seed: 2);

        GeneratorOutput output = RunWithWeightsOf(source, "[RecurrentNetwork(CellType.Gru, inputSize: 7, hiddenSize: 9, VocabularySize = 30, Weights = \"model.safetensors\")] public partial class Net;");
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
    public void EmbeddedWeightsOfABidirectionalTokenNetworkRunAsLoadedOnes()
    {
        var source = new BiTokenLstm();
        source.InitializeParameters(seed: 5);

        GeneratorOutput output = RunWithWeightsOf(source, "[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 7, Layers = 2, OutputSize = 3, VocabularySize = 11, Bidirectional = true, Weights = \"model.safetensors\")] public partial class Net;");
        Assert.Empty(output.Diagnostics);
        using var loaded = new LoadedAssembly(output.Compilation);
        var embedded = (IBidirectionalTokenNetwork)loaded.Create("App.Net");

        Assert.Equal(source.ParameterValues.ToArray(), embedded.ParameterValues.ToArray());
        int[] tokens = { 0, 9, 4, 4, 10 };
        var expected = new float[tokens.Length * BiTokenLstm.OutputSize];
        var actual = new float[expected.Length];
        source.Forward(tokens, expected);
        embedded.Forward(tokens, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EmbeddedWeightsWithoutTheEmbeddingTableAreReported()
    {
        var source = new Conformance.Models.GruHidden7();

        GeneratorOutput output = RunWithWeightsOf(source, "[RecurrentNetwork(CellType.Gru, inputSize: 17, hiddenSize: 7, Layers = 3, OutputSize = 17, OutputActivation = Activation.Relu, VocabularySize = 4, Weights = \"model.safetensors\")] public partial class Net;");

        Assert.Contains(output.Diagnostics, diagnostic => diagnostic.Id == "RNNG016" && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("embedding.weight"));
    }

    /// <summary>Runs the generator on <paramref name="declaration"/> (in namespace App) beside model.safetensors, which holds <paramref name="source"/>'s parameters.</summary>
    private static GeneratorOutput RunWithWeightsOf(IRecurrentNetwork source, string declaration)
    {
        using var file = new MemoryStream();
        SafeTensors.Save(source, file);
        return GeneratorHarness.Run(new[] { WeightsFiles.Encoded("/src/model.safetensors", file.ToArray()) }, "using RnnGen; namespace App; " + declaration);
    }
}
