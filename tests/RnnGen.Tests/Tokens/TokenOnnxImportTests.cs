using System;
using System.Collections.Generic;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Conformance.OnnxModels;
using RnnGen.Tests.Reference;
using RnnGen.Tests.Tokens.Models;
using RnnGen.Tests.Weights;
using RnnGen.Training;
using RnnGen.Weights;

namespace RnnGen.Tests.Tokens;

/// <summary>
/// <c>embedding.weight</c> from an ONNX model, where <c>torch.onnx.export</c> writes nn.Embedding as
/// <c>Gather(embedding.weight, ids)</c> before the first recurrent node: imported exactly into a token network, and
/// refused, naming the file and what differs, when the model and the network disagree about the input.
/// </summary>
public sealed class TokenOnnxImportTests
{
    [Theory]
    [InlineData(nameof(TokenLstm), false)]
    [InlineData(nameof(TokenGru), true)]
    [InlineData(nameof(TokenRnn), false)]
    public void EmbeddingTableAndLayersImportExactly(string network, bool batchFirst) =>
        ModelCatalog.InvokeGeneric(typeof(TokenOnnxImportTests), nameof(RoundTrip), typeof(TokenOnnxImportTests).Assembly.GetType($"RnnGen.Tests.Tokens.Models.{network}")!, batchFirst);

    [Theory]
    [InlineData(0L)]
    [InlineData(-2L)]
    public void GatherAlongTheTablesRowsImports(long axis)
    {
        var (_, shape, parameters) = Random<TokenGru>(seed: 71);
        byte[] model = OnnxTestModels.Write(shape, parameters, new() { EmbeddingTable = parameters["embedding.weight"], EmbeddingAxis = axis }).Model;

        var network = new TokenGru();
        OnnxImport.Load(network, model, "rows.onnx");

        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void TokenNetworkRefusesAModelWithoutAnEmbeddingLookup()
    {
        var (_, shape, parameters) = Random<TokenGru>(seed: 72);
        byte[] model = OnnxTestModels.Write(shape, parameters).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new TokenGru(), model, "floats.onnx"));

        Assert.Equal("floats.onnx", exception.FileName);
        Assert.Equal(
            ["GRU node '/lstm/GRU_0' (layer 0) reads the graph input 'input' as it is, but the network takes token ids: it needs embedding.weight [30, 7], which the model would look up with a Gather before its first layer, and the model has none."],
            exception.Problems);
    }

    [Fact]
    public void EmbeddingTableOfAnotherVocabularyIsRefusedAndNothingIsLoaded()
    {
        var (network, shape, parameters) = Random<TokenGru>(seed: 73);
        float[] largerTable = ModelCatalog.RandomInputs((TokenGru.VocabularySize + 1) * TokenGru.InputSize, seed: 74, scale: 1f);
        byte[] model = OnnxTestModels.Write(shape, parameters, new() { EmbeddingTable = largerTable }).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(network, model, "larger.onnx"));

        Assert.StartsWith("larger.onnx: ", exception.Message);
        Assert.Equal(["embedding.weight (the table of Gather node '/embedding/Gather') has shape [31, 7], expected [30, 7]."], exception.Problems);
        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void FloatNetworkRefusesAModelThatLooksUpTokens()
    {
        NetworkShape shape = WeightTestSupport.ShapeOf<OnnxGruStacked>();
        float[] table = ModelCatalog.RandomInputs(10 * shape.InputSize, seed: 75, scale: 1f);
        byte[] model = OnnxTestModels.Write(shape, ModelCatalog.RandomParameters(shape, seed: 76), new() { EmbeddingTable = table }).Model;

        var exception = Assert.Throws<WeightFileException>(() => OnnxImport.Load(new OnnxGruStacked(), model, "tokens.onnx"));

        Assert.Equal("tokens.onnx", exception.FileName);
        Assert.Equal(
            ["GRU node '/lstm/GRU_0' (layer 0) reads Gather node '/embedding/Gather', which looks up token ids in the initializer 'embedding.weight' as nn.Embedding does, but the network takes float inputs; declare it with VocabularySize to load the table."],
            exception.Problems);
    }

    [Fact]
    public void GatherAlongTheTablesColumnsIsRefused()
    {
        var exception = RefusedByTokenGru(table => new() { EmbeddingTable = table, EmbeddingAxis = 1 });

        Assert.Equal(["Gather node '/embedding/Gather' gathers along axis 1; an embedding lookup picks rows of the table (axis 0)."], exception.Problems);
    }

    [Fact]
    public void LookupOfConstantIdsIsRefused()
    {
        var exception = RefusedByTokenGru(table => new() { EmbeddingTable = table, ConstantTokenIds = [1, 2, 3] });

        Assert.Equal(
            ["Gather node '/embedding/Gather' looks up ids that come from the initializer 'onnx::Gather_ids', not from a graph input; the network looks up the ids it is given."],
            exception.Problems);
    }

    private static void RoundTrip<TNetwork, TState>(bool batchFirst)
        where TNetwork : ITokenNetwork<TState>, new()
        where TState : struct
    {
        var (_, shape, parameters) = Random<TNetwork>(seed: 70);
        byte[] model = OnnxTestModels.Write(shape, parameters, new() { EmbeddingTable = parameters["embedding.weight"], BatchFirst = batchFirst }).Model;

        var imported = new TNetwork();
        OnnxImport.Load(imported, model, "tokens.onnx");

        WeightTestSupport.AssertParameters(imported, parameters);
    }

    /// <summary>Writes TokenGru's model with <paramref name="options"/> made from its table, and returns the exception loading it throws.</summary>
    private static WeightFileException RefusedByTokenGru(Func<float[], OnnxTestModelOptions> options)
    {
        var (_, shape, parameters) = Random<TokenGru>(seed: 77);
        byte[] model = OnnxTestModels.Write(shape, parameters, options(parameters["embedding.weight"])).Model;

        return Assert.Throws<WeightFileException>(() => OnnxImport.Load(new TokenGru(), model, "gru.onnx"));
    }

    /// <summary>A token network with random parameters, its shape, and every parameter by name, the table included.</summary>
    private static (TNetwork Network, NetworkShape Shape, Dictionary<string, float[]> Parameters) Random<TNetwork>(int seed)
        where TNetwork : ITokenNetwork, new()
    {
        var (network, shape, parameters, table) = TokenNetworkTests.Create<TNetwork>(seed);
        parameters["embedding.weight"] = table;
        return (network, shape, parameters);
    }
}
