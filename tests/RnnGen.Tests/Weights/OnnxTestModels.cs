using System;
using System.Collections.Generic;
using System.IO;
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
/// Per layer k: a recurrent node with W, R, B initializers in ONNX's gate order, its output Y
/// [steps, 1, batch, H] squeezed to [steps, batch, H] (opset 13+ Squeeze with an axes input) for the
/// next layer; then the head (Squeeze to 2-D and Gemm, or MatMul and Add on 3-D) and its activation.
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
        builder.AddInput(InputName, options.BatchFirst ? [1L, "steps", (long)shape.InputSize] : ["steps", 1L, (long)shape.InputSize]);
        builder.AddInt64Initializer("onnx::Squeeze_axes1", 1);
        string x = InputName;
        if (options.BatchFirst)
        {
            builder.AddNode("Transpose", "/lstm/Transpose", [x], ["/lstm/Transpose_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 1, 0, 2));
            x = "/lstm/Transpose_output_0";
        }

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
            float[] bias = [.. OnnxGateOrder.FromPyTorch(cell, parameters[$"bias_ih_l{layer}"], hidden), .. OnnxGateOrder.FromPyTorch(cell, parameters[$"bias_hh_l{layer}"], hidden)];
            builder.AddFloatInitializer(w, [1, rows, input], OnnxGateOrder.FromPyTorch(cell, parameters[$"weight_ih_l{layer}"], hidden * input), options.Storage, options.DataType);
            builder.AddFloatInitializer(r, [1, rows, hidden], OnnxGateOrder.FromPyTorch(cell, parameters[$"weight_hh_l{layer}"], hidden * hidden), options.Storage, options.DataType);
            builder.AddFloatInitializer(b, [1, 2 * rows], bias, options.Storage, options.DataType);

            string[] inputs = [x, w, r, b];
            if (options.ZeroInitialState)
            {
                string h0 = $"/lstm/h0_{layer}";
                builder.AddFloatInitializer(h0, [1, 1, hidden], new float[hidden], OnnxStorage.RawData);
                inputs = cell == CellType.Lstm ? [x, w, r, b, string.Empty, h0, h0] : [x, w, r, b, string.Empty, h0];
            }

            var attributes = new List<byte[]> { OnnxGraphBuilder.IntAttribute("hidden_size", options.HiddenSizeAttribute ?? hidden) };
            if (options.Direction is not null)
            {
                attributes.Add(OnnxGraphBuilder.StringAttribute("direction", options.Direction));
            }

            if (cell == CellType.Gru && options.LinearBeforeReset is { } linearBeforeReset)
            {
                attributes.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", linearBeforeReset));
            }

            if (cell == CellType.Rnn)
            {
                attributes.Add(OnnxGraphBuilder.StringsAttribute("activations", options.RnnActivation ?? (layerShape.Nonlinearity == Activation.Relu ? "Relu" : "Tanh")));
            }

            string y = $"/lstm/{op}_{layer}_output_0";
            string[] outputs = cell == CellType.Lstm ? [y, $"/lstm/{op}_{layer}_output_1", $"/lstm/{op}_{layer}_output_2"] : [y, $"/lstm/{op}_{layer}_output_1"];
            builder.AddNode(op, $"/lstm/{op}_{layer}", inputs, outputs, [.. attributes]);
            builder.AddNode("Squeeze", $"/lstm/Squeeze_{layer}", [y, "onnx::Squeeze_axes1"], [$"/lstm/Squeeze_{layer}_output_0"]);
            x = $"/lstm/Squeeze_{layer}_output_0";
        }

        if (options.BatchFirst)
        {
            builder.AddNode("Transpose", "/lstm/Transpose_1", [x], ["/lstm/Transpose_1_output_0"], OnnxGraphBuilder.IntsAttribute("perm", 1, 0, 2));
            x = "/lstm/Transpose_1_output_0";
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
    public static float[] Run(string path, float[] inputs, int steps, int inputSize, bool batchFirst)
    {
        // One thread keeps ORT's summation order, and so its result, the same from run to run.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        long[] dims = batchFirst ? [1, steps, inputSize] : [steps, 1, inputSize];
        using var x = OrtValue.CreateTensorValueFromMemory(inputs, dims);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [InputName], [x], [OutputName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static string WriteHead(OnnxGraphBuilder builder, NetworkShape shape, IReadOnlyDictionary<string, float[]> parameters, OnnxTestModelOptions options, string x)
    {
        int hidden = shape.Layer(shape.LayerCount - 1).HiddenSize;
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
