using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using RnnGen.Tests.Onnx;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Weights;

/// <summary>How the head of a test model is exported.</summary>
public enum OnnxHeadForm
{
    /// <summary><c>nn.Linear</c> on a 2-D input: <c>Gemm</c> with <c>transB = 1</c>.</summary>
    Gemm,

    /// <summary><c>nn.Linear</c> on a 3-D input: <c>MatMul</c> by the transposed weight, then <c>Add</c>.</summary>
    MatMulAdd,
}

/// <summary>The variations of <see cref="OnnxTestModels.Write"/>; the defaults are what <c>torch.onnx.export</c> writes.</summary>
public sealed class OnnxTestModelOptions
{
    public OnnxHeadForm Head { get; init; } = OnnxHeadForm.Gemm;

    public OnnxStorage Storage { get; init; } = OnnxStorage.RawData;

    /// <summary>The weights' element type (FLOAT, FLOAT16 or BFLOAT16); ONNX Runtime runs only FLOAT recurrent nodes.</summary>
    public int DataType { get; init; } = OnnxGraphBuilder.FloatType;

    /// <summary><c>batch_first=True</c>: the input is [1, steps, I], transposed around the recurrent nodes.</summary>
    public bool BatchFirst { get; init; }

    /// <summary>Passes zero initializers as <c>initial_h</c> (and <c>initial_c</c>), as an export with h0 = zeros does.</summary>
    public bool ZeroInitialState { get; init; }

    /// <summary>A GRU's <c>linear_before_reset</c>; null leaves the attribute out (ONNX's default, 0).</summary>
    public long? LinearBeforeReset { get; init; } = 1;

    /// <summary>Written as the <c>direction</c> attribute when not null.</summary>
    public string? Direction { get; init; }

    /// <summary>Replaces the <c>hidden_size</c> attribute's value when not null.</summary>
    public long? HiddenSizeAttribute { get; init; }

    /// <summary>Replaces an RNN's activation when not null.</summary>
    public string? RnnActivation { get; init; }

    /// <summary>Replaces the head's activation node (an ONNX operator name, or "" for none) when not null.</summary>
    public string? HeadActivation { get; init; }

    /// <summary>
    /// Feeds the head the last layer's final state <c>Y_h</c> instead of every step's <c>Y</c>, as
    /// <c>fc(h_n.permute(1, 0, 2).reshape(1, 1, -1))</c> exports: Transpose and Reshape to [1, 1, directions · H].
    /// </summary>
    public bool HeadReadsFinalState { get; init; }

    /// <summary>
    /// A token network's <c>embedding.weight</c> [V, I]: the graph input is then INT64 ids [steps, 1] (batch first
    /// [1, steps]), which <c>Gather(embedding.weight, ids)</c> turns into the first layer's input, as an
    /// <c>nn.Embedding</c> exports.
    /// </summary>
    public float[]? EmbeddingTable { get; init; }

    /// <summary>Written as the embedding Gather's <c>axis</c> attribute when not null; the exporter leaves it out (0).</summary>
    public long? EmbeddingAxis { get; init; }

    /// <summary>Makes the embedding Gather look up these constant ids, an initializer, instead of the graph input.</summary>
    public long[]? ConstantTokenIds { get; init; }
}

/// <summary>A written model and its external data, if any.</summary>
public sealed record OnnxTestModel(byte[] Model, byte[]? ExternalData, string ExternalDataFile)
{
    /// <summary>Writes the model (and its data file) into <paramref name="directory"/> and returns the model's path.</summary>
    public string WriteTo(string directory, string fileName = "model.onnx")
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, Model);
        if (ExternalData is not null)
        {
            File.WriteAllBytes(Path.Combine(directory, ExternalDataFile), ExternalData);
        }

        return path;
    }
}

/// <summary>
/// Writes multi-node ONNX models shaped as <c>torch.onnx.export</c> writes a stacked
/// <c>nn.LSTM</c>/<c>nn.GRU</c>/<c>nn.RNN</c> with an <c>nn.Linear</c> head, and runs them in ONNX Runtime.
/// </summary>
/// <remarks>
/// Optionally an embedding Gather first; then per layer k: a recurrent node with W, R, B initializers in ONNX's gate
/// order (both directions stacked when the shape is bidirectional), its output Y [steps, directions, batch, H]
/// squeezed to [steps, batch, H] (opset 13+ Squeeze with an axes input), or bidirectional transposed and reshaped to
/// [steps, batch, 2H], for the next layer; then the head (Squeeze to 2-D and Gemm, or MatMul and Add on 3-D) and its
/// activation.
/// </remarks>
public static class OnnxTestModels
{
    public const string InputName = "input";
    public const string OutputName = "output";

    /// <summary>Writes the model of <paramref name="shape"/> with PyTorch-layout <paramref name="parameters"/>.</summary>
    public static OnnxTestModel Write(NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters, OnnxTestModelOptions? options = null)
    {
        options ??= new OnnxTestModelOptions();
        var builder = new OnnxGraphBuilder();
        builder.AddInt64Initializer("onnx::Squeeze_axes1", 1);
        string x = InputName;
        if (options.EmbeddingTable is { } table)
        {
            builder.AddInt64Input(InputName, options.BatchFirst ? [1L, "steps"] : ["steps", 1L]);
            x = WriteEmbedding(builder, shape, table, options);
        }
        else
        {
            builder.AddInput(InputName, options.BatchFirst ? [1L, "steps", (long)shape.InputSize] : ["steps", 1L, (long)shape.InputSize]);
        }

        if (options.BatchFirst)
        {
            builder.AddNode("Transpose", "/lstm/Transpose", [x], ["/lstm/Transpose_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 1, 0, 2));
            x = "/lstm/Transpose_output_0";
        }

        if (shape.Bidirectional)
        {
            builder.AddInt64Initializer("onnx::Reshape_directions", 0, 0, -1);
        }

        string finalState = string.Empty;
        for (int layer = 0; layer < shape.LayerCount; layer++)
        {
            // One node per layer, each of its own cell and sizes: a stack of separate nn.LSTM/nn.GRU modules exports so.
            LayerShape layerShape = shape.Layer(layer);
            CellType cell = layerShape.Cell;
            int hidden = layerShape.HiddenSize;
            int rows = NetworkShape.GatesOf(cell) * hidden;
            int input = layerShape.InputSize;
            string op = cell switch
            {
                CellType.Lstm => "LSTM",
                CellType.Gru => "GRU",
                _ => "RNN",
            };

            string w = $"onnx::{op}_{100 + (3 * layer)}";
            string r = $"onnx::{op}_{101 + (3 * layer)}";
            string b = $"onnx::{op}_{102 + (3 * layer)}";
            int directions = shape.Directions;

            // ONNX stacks the directions on each tensor's first axis: PyTorch's l{k}, then l{k}_reverse.
            float[] Stacked(Func<string, float[]> direction) =>
                [.. Enumerable.Range(0, directions).SelectMany(d => direction(d == 0 ? $"l{layer}" : $"l{layer}_reverse"))];
            float[] weightIh = Stacked(suffix => OnnxGateOrder.FromPyTorch(cell, parameters[$"weight_ih_{suffix}"], hidden * input));
            float[] weightHh = Stacked(suffix => OnnxGateOrder.FromPyTorch(cell, parameters[$"weight_hh_{suffix}"], hidden * hidden));
            float[] bias = Stacked(suffix =>
                [.. OnnxGateOrder.FromPyTorch(cell, parameters[$"bias_ih_{suffix}"], hidden), .. OnnxGateOrder.FromPyTorch(cell, parameters[$"bias_hh_{suffix}"], hidden)]);
            builder.AddFloatInitializer(w, [directions, rows, input], weightIh, options.Storage, options.DataType);
            builder.AddFloatInitializer(r, [directions, rows, hidden], weightHh, options.Storage, options.DataType);
            builder.AddFloatInitializer(b, [directions, 2 * rows], bias, options.Storage, options.DataType);

            string[] inputs = [x, w, r, b];
            if (options.ZeroInitialState)
            {
                string h0 = $"/lstm/h0_{layer}";
                builder.AddFloatInitializer(h0, [directions, 1, hidden], new float[directions * hidden], OnnxStorage.RawData);
                inputs = cell == CellType.Lstm ? [x, w, r, b, string.Empty, h0, h0] : [x, w, r, b, string.Empty, h0];
            }

            var attributes = new List<byte[]> { OnnxGraphBuilder.IntAttribute("hidden_size", options.HiddenSizeAttribute ?? hidden) };
            if ((options.Direction ?? (shape.Bidirectional ? "bidirectional" : null)) is { } direction)
            {
                attributes.Add(OnnxGraphBuilder.StringAttribute("direction", direction));
            }

            if (cell == CellType.Gru && options.LinearBeforeReset is { } linearBeforeReset)
            {
                attributes.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", linearBeforeReset));
            }

            if (cell == CellType.Rnn)
            {
                string nonlinearity = options.RnnActivation ?? (layerShape.Nonlinearity == Activation.Relu ? "Relu" : "Tanh");
                attributes.Add(OnnxGraphBuilder.StringsAttribute("activations", [.. Enumerable.Repeat(nonlinearity, directions)]));
            }

            string y = $"/lstm/{op}_{layer}_output_0";
            string[] outputs = cell == CellType.Lstm ? [y, $"/lstm/{op}_{layer}_output_1", $"/lstm/{op}_{layer}_output_2"] : [y, $"/lstm/{op}_{layer}_output_1"];
            builder.AddNode(op, $"/lstm/{op}_{layer}", inputs, outputs, [.. attributes]);
            finalState = outputs[1];
            if (shape.Bidirectional)
            {
                // [steps, 2, 1, H] to [steps, 1, 2H]: at each step the forward h, then the reverse h.
                builder.AddNode("Transpose", $"/lstm/Transpose_{layer}", [y], [$"/lstm/Transpose_{layer}_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1, 3));
                builder.AddNode("Reshape", $"/lstm/Reshape_{layer}", [$"/lstm/Transpose_{layer}_output_0", "onnx::Reshape_directions"], [$"/lstm/Reshape_{layer}_output_0"]);
                x = $"/lstm/Reshape_{layer}_output_0";
            }
            else
            {
                builder.AddNode("Squeeze", $"/lstm/Squeeze_{layer}", [y, "onnx::Squeeze_axes1"], [$"/lstm/Squeeze_{layer}_output_0"]);
                x = $"/lstm/Squeeze_{layer}_output_0";
            }
        }

        if (options.BatchFirst)
        {
            builder.AddNode("Transpose", "/lstm/Transpose_1", [x], ["/lstm/Transpose_1_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 1, 0, 2));
            x = "/lstm/Transpose_1_output_0";
        }

        if (options.HeadReadsFinalState)
        {
            // Y_h [directions, 1, H] to [1, 1, directions · H], the head's input for the one step it then computes.
            builder.AddInt64Initializer("onnx::Reshape_final_state", 1, 1, -1);
            builder.AddNode("Transpose", "/Transpose_final_state", [finalState], ["/Transpose_final_state_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 1, 0, 2));
            builder.AddNode("Reshape", "/Reshape_final_state", ["/Transpose_final_state_output_0", "onnx::Reshape_final_state"], ["/Reshape_final_state_output_0"]);
            x = "/Reshape_final_state_output_0";
        }

        if (shape.OutputSize > 0)
        {
            x = WriteHead(builder, shape, parameters, options, x);
        }

        string? activation = options.HeadActivation ?? (shape.OutputSize > 0 && shape.OutputActivation != Activation.Identity ? shape.OutputActivation.ToString() : null);
        if (string.IsNullOrEmpty(activation))
        {
            builder.AddNode("Identity", "/Identity", [x], [OutputName]);
        }
        else if (activation == "Softmax")
        {
            builder.AddNode("Softmax", "/Softmax", [x], [OutputName], OnnxGraphBuilder.IntAttribute("axis", -1));
        }
        else
        {
            builder.AddNode(activation, $"/{activation}", [x], [OutputName]);
        }

        builder.AddOutput(OutputName);
        return new OnnxTestModel(builder.ToModel(), builder.ExternalData, builder.ExternalDataFile);
    }

    /// <summary>Runs the model at <paramref name="path"/> over one sequence and returns its output, [steps, values per step].</summary>
    public static float[] Run(string path, float[] inputs, int steps, int inputSize, bool batchFirst) =>
        Run(options => new InferenceSession(path, options), inputs, batchFirst ? [1, steps, inputSize] : [steps, 1, inputSize]);

    /// <summary>Runs a model written with <see cref="OnnxTestModelOptions.EmbeddingTable"/> over one sequence of token ids and returns its output, [steps, values per step].</summary>
    public static float[] RunTokens(byte[] model, int[] tokens, bool batchFirst) =>
        Run(options => new InferenceSession(model, options), tokens.Select(token => (long)token).ToArray(), batchFirst ? [1, tokens.Length] : [tokens.Length, 1]);

    private static float[] Run<T>(Func<SessionOptions, InferenceSession> open, T[] inputs, long[] dims)
        where T : unmanaged
    {
        // One thread keeps ORT's summation order, and so its result, the same from run to run.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using InferenceSession session = open(options);
        using var x = OrtValue.CreateTensorValueFromMemory(inputs, dims);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [InputName], [x], [OutputName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The embedding <c>Gather</c>, as <c>torch.onnx.export</c> writes <c>nn.Embedding</c>; returns its output [steps, 1, I] (batch first [1, steps, I]).</summary>
    private static string WriteEmbedding(OnnxGraphBuilder builder, NetworkShape shape, float[] table, OnnxTestModelOptions options)
    {
        builder.AddFloatInitializer("embedding.weight", [table.Length / shape.InputSize, shape.InputSize], table, options.Storage, options.DataType);
        string ids = InputName;
        if (options.ConstantTokenIds is { } constant)
        {
            builder.AddInt64Initializer("onnx::Gather_ids", constant);
            ids = "onnx::Gather_ids";
        }

        byte[][] attributes = options.EmbeddingAxis is { } axis ? [OnnxGraphBuilder.IntAttribute("axis", axis)] : [];
        builder.AddNode("Gather", "/embedding/Gather", ["embedding.weight", ids], ["/embedding/Gather_output_0"], attributes);
        return "/embedding/Gather_output_0";
    }

    private static string WriteHead(OnnxGraphBuilder builder, NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters, OnnxTestModelOptions options, string x)
    {
        int hidden = shape.LastLayerOutputSize;
        int outputs = shape.OutputSize;
        builder.AddFloatInitializer("fc.bias", [outputs], parameters["head.bias"], options.Storage, options.DataType);
        if (options.Head == OnnxHeadForm.Gemm)
        {
            // [steps, 1, H] time-major (or [1, steps, H] batch-first) to the 2-D [steps, H] that Gemm takes.
            if (options.BatchFirst)
            {
                builder.AddInt64Initializer("onnx::Squeeze_axes0", 0);
            }

            builder.AddNode("Squeeze", "/Squeeze", [x, options.BatchFirst ? "onnx::Squeeze_axes0" : "onnx::Squeeze_axes1"], ["/Squeeze_output_0"]);
            builder.AddFloatInitializer("fc.weight", [outputs, hidden], parameters["head.weight"], options.Storage, options.DataType);
            builder.AddNode("Gemm", "/fc/Gemm", ["/Squeeze_output_0", "fc.weight", "fc.bias"], ["/fc/Gemm_output_0"],
                OnnxGraphBuilder.FloatAttribute("alpha", 1f), OnnxGraphBuilder.FloatAttribute("beta", 1f), OnnxGraphBuilder.IntAttribute("transB", 1));
            return "/fc/Gemm_output_0";
        }

        float[] transposed = new float[hidden * outputs];
        for (int o = 0; o < outputs; o++)
        {
            for (int h = 0; h < hidden; h++)
            {
                transposed[(h * outputs) + o] = parameters["head.weight"][(o * hidden) + h];
            }
        }

        builder.AddFloatInitializer("onnx::MatMul_200", [hidden, outputs], transposed, options.Storage, options.DataType);
        builder.AddNode("MatMul", "/fc/MatMul", [x, "onnx::MatMul_200"], ["/fc/MatMul_output_0"]);
        builder.AddNode("Add", "/fc/Add", ["fc.bias", "/fc/MatMul_output_0"], ["/fc/Add_output_0"]);
        return "/fc/Add_output_0";
    }
}
