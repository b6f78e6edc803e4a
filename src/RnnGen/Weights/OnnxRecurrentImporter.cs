using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Weights;

/// <summary>
/// Finds the recurrent layers and the head of an ONNX graph (as <c>torch.onnx.export</c> writes it),
/// checks them against a network, and converts their weights to PyTorch's layout and gate order.
/// </summary>
/// <remarks>
/// The graph must be what the network computes: for a token network a Gather of its embedding table by
/// the graph's ids, then one LSTM, GRU or RNN node per layer, each taking the previous one's output (the
/// first the graph's input or that Gather's) through nothing but reshaping (Squeeze, Transpose, ...), then at most one
/// dense head (Gemm, or MatMul with an optional Add), optionally followed by its activation. Any other
/// layer-like node (a second head, a convolution, ...) is a problem, because RnnGen would silently
/// compute something else.
/// </remarks>
internal sealed class OnnxRecurrentImporter
{
    // A token network's first parameter, nn.Embedding's table [VocabularySize, InputSize].
    private const string EmbeddingTable = "embedding.weight";

    // Operators that move or reshape values without computing with them.
    private static readonly HashSet<string> Reshaping = new(StringComparer.Ordinal)
    {
        "Squeeze", "Unsqueeze", "Reshape", "Transpose", "Identity", "Dropout", "Flatten", "Cast",
    };

    // Before the head, PyTorch code often keeps only the last step, out[:, -1], which exports as Gather or Slice.
    private static readonly HashSet<string> Selecting = new(Reshaping.Concat(["Gather", "Slice"]), StringComparer.Ordinal);

    private static readonly HashSet<string> LayerOperators = new(StringComparer.Ordinal)
    {
        "Gemm", "MatMul", "Conv", "ConvTranspose", "LSTM", "GRU", "RNN", "Einsum", "Attention",
        "MatMulInteger", "QLinearMatMul", "ConvInteger", "QLinearConv",
    };

    private static readonly Dictionary<string, Activation> HeadActivations = new(StringComparer.Ordinal)
    {
        ["Softmax"] = Activation.Softmax,
        ["Sigmoid"] = Activation.Sigmoid,
        ["Tanh"] = Activation.Tanh,
        ["Relu"] = Activation.Relu,
    };

    private static readonly HashSet<string> OtherActivations = new(StringComparer.Ordinal)
    {
        "LogSoftmax", "LeakyRelu", "Elu", "Selu", "Celu", "HardSigmoid", "HardSwish", "Softplus", "Softsign",
        "Gelu", "PRelu", "ThresholdedRelu", "Mish",
    };

    private readonly OnnxFile _file;
    private readonly OnnxGraph _graph;
    private readonly IRecurrentNetwork _network;
    private readonly RecurrentNetworkAttribute? _declaration;
    private readonly ProblemList _problems;
    private readonly Dictionary<string, OnnxNode> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(OnnxNode Node, int Input)>> _consumers = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, float[]>> _values = [];

    /// <summary>2 when the network is bidirectional: its nodes must run direction="bidirectional", their weights stacked forward then reverse.</summary>
    private int Directions => _network is IBidirectionalNetwork ? 2 : 1;

    private OnnxRecurrentImporter(OnnxFile file, IRecurrentNetwork network)
    {
        _file = file;
        _problems = new ProblemList(file.Name);
        _graph = OnnxGraph.Read(file);
        _network = network;
        _declaration = NetworkDeclaration.Find(network);
    }

    /// <summary>Every parameter of <paramref name="network"/>, converted from the model.</summary>
    /// <exception cref="WeightFileException">The model is malformed or does not match the network; the message lists every problem.</exception>
    public static IReadOnlyList<KeyValuePair<string, float[]>> Import(
        ReadOnlyMemory<byte> file, string fileName, string? externalDataDirectory, IRecurrentNetwork network) =>
        new OnnxRecurrentImporter(new OnnxFile(file, fileName, externalDataDirectory), network).Import();

    private IReadOnlyList<KeyValuePair<string, float[]>> Import()
    {
        IndexValues();
        List<OnnxNode> layers = _graph.Nodes.Where(n => n.OpType is "LSTM" or "GRU" or "RNN" && n.Domain is "" or "ai.onnx").ToList();
        if (layers.Count == 0)
        {
            throw new WeightFileException(_file.Name, "the model has no LSTM, GRU or RNN node.");
        }

        IReadOnlyList<LayerShape> shapes = _network.LayerShapes;
        for (int k = 0; k < Math.Min(layers.Count, shapes.Count); k++)
        {
            string op = Operator(shapes[k].Cell);
            if (layers[k].OpType != op)
            {
                _problems.Add(shapes.All(shape => shape.Cell == shapes[0].Cell)
                    ? $"{layers[k].Description} is a {layers[k].OpType}, but the network's cell is {op}."
                    : $"{layers[k].Description} is a {layers[k].OpType}, but the network's layer {k} is {op}.");
            }
        }

        if (layers.Count != _network.Layers)
        {
            _problems.Add($"the model has {layers.Count} recurrent nodes (one per layer), but the network has {_network.Layers} {(_network.Layers == 1 ? "layer" : "layers")}.");
        }

        _problems.ThrowIfAny();
        for (int k = 0; k < layers.Count; k++)
        {
            ImportLayer(k, layers[k], k > 0 ? layers[k - 1] : null, shapes[k]);
        }

        var accounted = new HashSet<OnnxNode>(layers);
        ImportHead(layers[^1], accounted);
        foreach (OnnxNode node in _graph.Nodes.Where(n => LayerOperators.Contains(n.OpType) && !accounted.Contains(n)))
        {
            _problems.Add($"{node.Description} is a further layer, which the network does not have.");
        }

        _problems.ThrowIfAny();
        var produced = new HashSet<string>(_values.Select(v => v.Key), StringComparer.Ordinal);
        var expected = new HashSet<string>(_network.ParameterNames, StringComparer.Ordinal);
        _problems.AddRange(expected.Except(produced).Select(name => $"the model has nothing for the network's parameter '{name}'."));
        _problems.AddRange(produced.Except(expected).Select(name => $"the network has no parameter '{name}' for the model's weights."));
        _problems.ThrowIfAny();
        return _values;
    }

    private void IndexValues()
    {
        foreach (OnnxNode node in _graph.Nodes)
        {
            foreach (string output in node.Outputs.Where(o => o.Length > 0))
            {
                _file.Budget.Charge(ParseBudget.Slot);
                if (!_producers.TryAdd(output, node))
                {
                    throw new WeightFileException(_file.Name, $"the value '{output}' is produced by both {_producers[output].Description} and {node.Description}.");
                }
            }

            for (int i = 0; i < node.Inputs.Count; i++)
            {
                if (node.Inputs[i].Length > 0)
                {
                    _file.Budget.Charge(ParseBudget.Slot);
                    if (!_consumers.TryGetValue(node.Inputs[i], out List<(OnnxNode Node, int Input)>? list))
                    {
                        _consumers.Add(node.Inputs[i], list = []);
                    }

                    list.Add((node, i));
                }
            }
        }
    }

    private static string Operator(CellType cell) => cell switch
    {
        CellType.Lstm => "LSTM",
        CellType.Gru => "GRU",
        _ => "RNN",
    };

    /// <summary>For each of PyTorch's gates of <paramref name="cell"/>, its block in ONNX's order.</summary>
    private static int[] GateOrder(CellType cell) => cell switch
    {
        CellType.Lstm => [0, 2, 3, 1],
        CellType.Gru => [1, 0, 2],
        _ => [0],
    };

    private void ImportLayer(int k, OnnxNode node, OnnxNode? previous, LayerShape shape)
    {
        string where = $"{node.Description} (layer {k})";
        int[] order = GateOrder(shape.Cell);
        int hidden = shape.HiddenSize;
        int input = shape.InputSize;
        int rows = order.Length * hidden;
        CheckLayerAttributes(node, where, shape);
        CheckLayerInput(node, where, previous);

        int directions = Directions;
        float[]? w = ReadConstant(node.Input(1), $"W of {where}", [directions, rows, input]);
        float[]? r = ReadConstant(node.Input(2), $"R of {where}", [directions, rows, hidden]);
        float[]? b = node.Input(3).Length == 0 ? new float[directions * 2 * rows] : ReadConstant(node.Input(3), $"B of {where}", [directions, 2 * rows]);
        const string StateIsPassed = "RnnGen starts each sequence from the State you pass (zero by default)";
        RequireZeroOrAbsent(node.Input(5), $"initial_h of {where}", StateIsPassed, computedIsProblem: false);
        RequireZeroOrAbsent(node.Input(6), $"initial_c of {where}", StateIsPassed, computedIsProblem: false);
        RequireZeroOrAbsent(node.Input(7), $"P (the peephole weights) of {where}", "PyTorch's LSTM, and RnnGen's, has no peepholes", computedIsProblem: true);
        if (w is null || r is null || b is null)
        {
            return;
        }

        // ONNX stacks the directions on each tensor's first axis, forward first, as PyTorch's l{k} then l{k}_reverse.
        for (int direction = 0; direction < directions; direction++)
        {
            string suffix = direction == 0 ? $"l{k}" : $"l{k}_reverse";
            float[] directionBias = b[(direction * 2 * rows)..((direction + 1) * 2 * rows)];
            _values.Add(new($"weight_ih_{suffix}", ToPyTorchGates(w[(direction * rows * input)..((direction + 1) * rows * input)], order, hidden * input)));
            _values.Add(new($"weight_hh_{suffix}", ToPyTorchGates(r[(direction * rows * hidden)..((direction + 1) * rows * hidden)], order, hidden * hidden)));
            _values.Add(new($"bias_ih_{suffix}", ToPyTorchGates(directionBias[..rows], order, hidden)));
            _values.Add(new($"bias_hh_{suffix}", ToPyTorchGates(directionBias[rows..], order, hidden)));
        }
    }

    private void CheckLayerAttributes(OnnxNode node, string where, LayerShape shape)
    {
        int hidden = shape.HiddenSize;
        Dictionary<string, OnnxAttribute> attributes = node.ReadAttributes(_file);
        if (attributes.TryGetValue("hidden_size", out OnnxAttribute? size) && size.Int != hidden)
        {
            _problems.Add($"{where} has hidden_size {size.Int?.ToString() ?? "(not an integer)"}, but the network's {(_network.LayerShapes.All(layer => layer.HiddenSize == hidden) ? "HiddenSize" : "layer's hidden size")} is {hidden}.");
        }

        string runs = attributes.TryGetValue("direction", out OnnxAttribute? direction) ? direction.String ?? "(not a string)" : "forward";
        if (Directions == 2 && runs != "bidirectional")
        {
            _problems.Add($"{where} runs in direction '{runs}', but the network is Bidirectional: its layers need direction 'bidirectional'.");
        }
        else if (Directions == 1 && runs != "forward")
        {
            _problems.Add(runs == "bidirectional"
                ? $"{where} runs in direction 'bidirectional'; declare the network with Bidirectional = true to load it."
                : $"{where} runs in direction '{runs}'; RnnGen runs layers forward (or, Bidirectional = true, both ways), so a reversed-only layer cannot be loaded.");
        }

        if (attributes.ContainsKey("clip"))
        {
            _problems.Add($"{where} clips its cell inputs (attribute 'clip'), which PyTorch's layers, and RnnGen's, do not.");
        }

        if (attributes.TryGetValue("layout", out OnnxAttribute? layout) && layout.Int is not (0 or 1))
        {
            _problems.Add($"{where} has layout {layout.Int?.ToString() ?? "(not an integer)"}; ONNX defines 0 and 1.");
        }

        if (node.OpType == "LSTM" && attributes.TryGetValue("input_forget", out OnnxAttribute? coupled) && coupled.Int != 0)
        {
            _problems.Add($"{where} couples its input and forget gates (input_forget = {coupled.Int}), which PyTorch's LSTM, and RnnGen's, does not.");
        }

        long? linearBeforeReset = attributes.TryGetValue("linear_before_reset", out OnnxAttribute? reset) ? reset.Int : 0;
        if (node.OpType == "GRU" && linearBeforeReset != 1)
        {
            string meaning = linearBeforeReset == 0 ? " (the ONNX default), which applies the reset gate before the recurrent product" : string.Empty;
            _problems.Add(
                $"{where} has linear_before_reset = {linearBeforeReset?.ToString() ?? "(not an integer)"}{meaning}; PyTorch's GRU, and RnnGen's, applies it after, as linear_before_reset = 1 (which torch.onnx.export writes).");
        }

        string[] expected = node.OpType switch
        {
            "LSTM" => ["Sigmoid", "Tanh", "Tanh"],
            "GRU" => ["Sigmoid", "Tanh"],
            _ => [shape.Nonlinearity == Activation.Relu ? "Relu" : "Tanh"],
        };

        string[] found = attributes.TryGetValue("activations", out OnnxAttribute? activations) ? [.. activations.Strings] : node.OpType == "RNN" ? ["Tanh"] : expected;
        bool nonlinearityUnknown = node.OpType == "RNN" && _declaration is null && found is ["Tanh" or "Relu"];
        if (!nonlinearityUnknown && !found.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
        {
            _problems.Add($"{where} uses the activations [{string.Join(", ", found)}], but the network computes [{string.Join(", ", expected)}].");
        }
    }

    private void CheckLayerInput(OnnxNode node, string where, OnnxNode? previous)
    {
        string origin = TraceBack(node.Input(0));
        if (previous is null)
        {
            CheckNetworkInput(where, origin);
        }
        else if (previous.Outputs.Count == 0 || origin != previous.Outputs[0])
        {
            _problems.Add($"{where} does not read the output Y of {previous.Description}: its input comes from {DescribeValue(origin)}.");
        }
    }

    /// <summary>
    /// Layer 0 reads the graph's input: floats, or for a token network the rows of an embedding table picked by the
    /// ids, which <c>torch.onnx.export</c> writes as <c>Gather(embedding.weight, ids)</c>.
    /// </summary>
    private void CheckNetworkInput(string where, string origin)
    {
        bool takesTokens = _network.ParameterNames.Contains(EmbeddingTable);
        if (_producers.TryGetValue(origin, out OnnxNode? lookup) && lookup.OpType == "Gather" && lookup.Domain is "" or "ai.onnx")
        {
            if (takesTokens)
            {
                ImportEmbedding(lookup);
                return;
            }

            if (FindConstant(lookup.Input(0)) is not null)
            {
                _problems.Add($"{where} reads {lookup.Description}, which looks up token ids in {DescribeValue(lookup.Input(0))} as nn.Embedding does, but the network takes float inputs; declare it with VocabularySize to load the table.");
                return;
            }
        }

        if (!IsGraphInput(origin))
        {
            _problems.Add($"{where} does not read a graph input: its input comes from {DescribeValue(origin)}, which the network does not compute.");
        }
        else if (takesTokens)
        {
            _problems.Add(
                $"{where} reads the graph input '{origin}' as it is, but the network takes token ids: it needs {EmbeddingTable} {TensorShape.Format(_network.ParameterShape(EmbeddingTable))}, which the model would look up with a Gather before its first layer, and the model has none.");
        }
    }

    private void ImportEmbedding(OnnxNode lookup)
    {
        // Only rows of a 2-D table are embeddings: axis 0, or -2 counted from the back.
        if (lookup.ReadAttributes(_file).TryGetValue("axis", out OnnxAttribute? axis) && axis.Int is not (0 or -2))
        {
            _problems.Add($"{lookup.Description} gathers along axis {axis.Int?.ToString() ?? "(not an integer)"}; an embedding lookup picks rows of the table (axis 0).");
        }

        string ids = TraceBack(lookup.Input(1));
        if (!IsGraphInput(ids))
        {
            _problems.Add($"{lookup.Description} looks up ids that come from {DescribeValue(ids)}, not from a graph input; the network looks up the ids it is given.");
        }

        if (ReadConstant(lookup.Input(0), $"{EmbeddingTable} (the table of {lookup.Description})", _network.ParameterShape(EmbeddingTable)) is { } table)
        {
            _values.Add(new(EmbeddingTable, table));
        }
    }

    private bool IsGraphInput(string name) => _graph.Inputs.Contains(name) && !_graph.Initializers.ContainsKey(name);

    // A Gemm or MatMul that takes the value as its first input: a dense layer on it.
    private static bool IsDenseLayer((OnnxNode Node, int Input) reader) => reader.Input == 0 && reader.Node.OpType is "Gemm" or "MatMul";

    private void ImportHead(OnnxNode last, HashSet<OnnxNode> accounted)
    {
        bool hasHead = _network.ParameterNames.Contains("head.weight");

        // A bidirectional Y_h holds the forward direction's last state and the reverse direction's first: what the
        // network's last-step output reads. Tracing a head through the Gather and Concat that join the two is not built.
        int headSources = 2;
        if (_network is IBidirectionalNetwork)
        {
            headSources = 1;
            List<OnnxNode> finalStateHeads = ReadersOf(last.Outputs.Skip(1).Take(1), Selecting).Where(IsDenseLayer).Select(reader => reader.Node).ToList();
            if (finalStateHeads.Count > 0)
            {
                // Reported once, as what it is, not again as a further layer.
                accounted.UnionWith(finalStateHeads);
                _problems.Add($"a dense layer reads Y_h of the bidirectional {last.Description} ([h_forward(T−1), h_reverse(0)]). The network computes that as Forward(..., SequenceOutputs.LastStep), but the importer reads a head on Y only: load the model's weights from its state_dict (safetensors) instead.");
                return;
            }
        }

        List<OnnxNode> candidates = ReadersOf(last.Outputs.Take(headSources), Selecting)
            .Where(IsDenseLayer)
            .Select(reader => reader.Node)
            .Distinct()
            .ToList();
        accounted.UnionWith(candidates);
        if (candidates.Count == 0)
        {
            if (hasHead)
            {
                _problems.Add($"the model has no Gemm or MatMul head after {last.Description}, but the network has a head of {_network.OutputSize} outputs.");
            }

            return;
        }

        if (candidates.Count > 1)
        {
            _problems.Add($"several dense layers read the last recurrent layer's output ({string.Join(", ", candidates.Select(c => c.Description))}); the network has one head.");
            return;
        }

        OnnxNode head = candidates[0];
        if (!hasHead)
        {
            _problems.Add($"the model has a dense head ({head.Description}), but the network declares none (OutputSize = 0).");
            return;
        }

        string? output = head.OpType == "Gemm" ? ImportGemm(head) : ImportMatMul(head, accounted);
        if (output is not null)
        {
            CheckHeadActivation(output, head);
        }
    }

    private string? ImportGemm(OnnxNode gemm)
    {
        int outputs = _network.OutputSize;
        int hidden = _network.LayerShapes[^1].HiddenSize * Directions;
        Dictionary<string, OnnxAttribute> attributes = gemm.ReadAttributes(_file);
        if (attributes.TryGetValue("transA", out OnnxAttribute? transA) && transA.Int != 0)
        {
            _problems.Add($"{gemm.Description} transposes its input (transA), which a dense head does not.");
        }

        bool transB = attributes.TryGetValue("transB", out OnnxAttribute? t) && t.Int == 1;
        float alpha = attributes.TryGetValue("alpha", out OnnxAttribute? a) && a.Float is { } alphaValue ? alphaValue : 1f;
        float beta = attributes.TryGetValue("beta", out OnnxAttribute? b) && b.Float is { } betaValue ? betaValue : 1f;
        float[]? weight = ReadConstant(gemm.Input(1), $"B of {gemm.Description}", transB ? [outputs, hidden] : [hidden, outputs]);
        float[]? bias = gemm.Input(2).Length == 0 ? new float[outputs] : ReadBias(gemm.Input(2), $"C of {gemm.Description}", outputs);
        if (weight is null || bias is null)
        {
            return null;
        }

        if (!transB)
        {
            weight = Transpose(weight, hidden, outputs);
        }

        // A head exported by PyTorch has alpha = beta = 1; other values are folded into the weights.
        Scale(weight, alpha);
        Scale(bias, beta);
        _values.Add(new("head.weight", weight));
        _values.Add(new("head.bias", bias));
        return gemm.Outputs.FirstOrDefault();
    }

    private string? ImportMatMul(OnnxNode matMul, HashSet<OnnxNode> accounted)
    {
        int outputs = _network.OutputSize;
        int hidden = _network.LayerShapes[^1].HiddenSize * Directions;
        float[]? weight = ReadConstant(matMul.Input(1), $"B of {matMul.Description}", [hidden, outputs]);
        string? output = matMul.Outputs.FirstOrDefault();
        float[]? bias = new float[outputs];
        if (output is not null && _consumers.TryGetValue(output, out List<(OnnxNode Node, int Input)>? readers) && readers is [{ Node.OpType: "Add" } add])
        {
            accounted.Add(add.Node);
            bias = ReadBias(add.Node.Input(1 - add.Input), $"the bias added by {add.Node.Description}", outputs);
            output = add.Node.Outputs.FirstOrDefault();
        }

        if (weight is null || bias is null)
        {
            return null;
        }

        _values.Add(new("head.weight", Transpose(weight, hidden, outputs)));
        _values.Add(new("head.bias", bias));
        return output;
    }

    private void CheckHeadActivation(string output, OnnxNode head)
    {
        Activation found = Activation.Identity;
        foreach ((OnnxNode node, int input) in ReadersOf([output], Reshaping))
        {
            if (input != 0 || !(HeadActivations.ContainsKey(node.OpType) || OtherActivations.Contains(node.OpType)))
            {
                continue;
            }

            if (!HeadActivations.TryGetValue(node.OpType, out found))
            {
                _problems.Add($"{node.Description} after the head is an activation RnnGen does not have (it has Identity, Tanh, Relu, Sigmoid and Softmax).");
                return;
            }

            if (found == Activation.Softmax
                && node.ReadAttributes(_file).TryGetValue("axis", out OnnxAttribute? axis)
                && axis.Int != -1
                && !(axis.Int == 1 && head.OpType == "Gemm"))
            {
                _problems.Add($"{node.Description} normalizes over axis {axis.Int}; RnnGen's softmax runs over the output vector, the last axis.");
            }

            break;
        }

        if (_declaration is not null && _declaration.OutputActivation != found)
        {
            _problems.Add($"the model applies {found} after its head, but the network declares OutputActivation = {_declaration.OutputActivation}.");
        }
    }

    private float[]? ReadBias(string name, string what, int outputs)
    {
        if (FindConstant(name) is not { } tensor)
        {
            _problems.Add($"{what} ('{name}') is computed in the graph, not stored; export with do_constant_folding=True.");
            return null;
        }

        // A bias broadcasts along leading dimensions of size 1: [O], [1, O], [1, 1, O].
        if (tensor.Dims.Count == 0 || tensor.Dims[^1] != outputs || tensor.Dims.Take(tensor.Dims.Count - 1).Any(d => d != 1))
        {
            _problems.Add($"{what} has shape {TensorShape.Format(tensor.Dims)}, expected [{outputs}].");
            return null;
        }

        return tensor.ReadSingles(_file, what, _problems);
    }

    private float[]? ReadConstant(string name, string what, int[] expected)
    {
        if (name.Length == 0)
        {
            _problems.Add($"{what} is missing.");
            return null;
        }

        if (FindConstant(name) is not { } tensor)
        {
            _problems.Add($"{what} ('{name}') is computed in the graph, not stored; export with do_constant_folding=True.");
            return null;
        }

        if (!TensorShape.SameAs(tensor.Dims, expected))
        {
            _problems.Add($"{what} has shape {TensorShape.Format(tensor.Dims)}, expected {TensorShape.Format(expected)}.");
            return null;
        }

        return tensor.ReadSingles(_file, what, _problems);
    }

    // A computed initial state is fine (it is typically zeros expanded to the batch size), computed peepholes are not.
    private void RequireZeroOrAbsent(string name, string what, string why, bool computedIsProblem)
    {
        if (name.Length == 0)
        {
            return;
        }

        OnnxTensor? tensor = FindConstant(name);
        if (tensor is null)
        {
            if (computedIsProblem)
            {
                _problems.Add($"{what} is computed in the graph; {why}.");
            }

            return;
        }

        if (tensor.ReadSingles(_file, what, _problems) is { } values && values.Any(v => v != 0))
        {
            _problems.Add($"{what} is a constant that is not zero; {why}.");
        }
    }

    /// <summary>The stored tensor behind <paramref name="name"/>: an initializer or a Constant node, seen through Identity nodes.</summary>
    private OnnxTensor? FindConstant(string name)
    {
        for (int hops = 0; hops <= _graph.Nodes.Count; hops++)
        {
            if (_graph.Initializers.TryGetValue(name, out OnnxTensor? tensor))
            {
                return tensor;
            }

            if (!_producers.TryGetValue(name, out OnnxNode? node))
            {
                return null;
            }

            if (node.OpType == "Identity")
            {
                name = node.Input(0);
                continue;
            }

            if (node.OpType == "Constant"
                && node.ReadAttributes(_file).TryGetValue("value", out OnnxAttribute? value)
                && value.Tensor is { } message)
            {
                return OnnxTensor.Read(_file, message, $"graph.node[{node.Index}].value");
            }

            return null;
        }

        return null;
    }

    /// <summary>Follows <paramref name="name"/> back through reshaping nodes to where its values are computed or given.</summary>
    private string TraceBack(string name)
    {
        for (int hops = 0; hops <= _graph.Nodes.Count; hops++)
        {
            if (!_producers.TryGetValue(name, out OnnxNode? node) || !Reshaping.Contains(node.OpType) || node.Inputs.Count == 0)
            {
                return name;
            }

            name = node.Input(0);
        }

        return name;
    }

    /// <summary>Every node reading <paramref name="values"/>, directly or through nodes of <paramref name="through"/>, nearest first.</summary>
    private List<(OnnxNode Node, int Input)> ReadersOf(IEnumerable<string> values, HashSet<string> through)
    {
        var readers = new List<(OnnxNode Node, int Input)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(values.Where(v => v.Length > 0));
        while (pending.TryDequeue(out string? value))
        {
            if (!seen.Add(value) || !_consumers.TryGetValue(value, out List<(OnnxNode Node, int Input)>? consumers))
            {
                continue;
            }

            foreach ((OnnxNode node, int input) in consumers)
            {
                readers.Add((node, input));
                if (input == 0 && through.Contains(node.OpType) && node.Outputs.Count > 0)
                {
                    pending.Enqueue(node.Outputs[0]);
                }
            }
        }

        return readers;
    }

    private string DescribeValue(string name) =>
        name.Length == 0 ? "nothing" :
        _producers.TryGetValue(name, out OnnxNode? node) ? node.Description :
        _graph.Initializers.ContainsKey(name) ? $"the initializer '{name}'" :
        $"'{name}'";

    // ONNX stacks the gate blocks in its own order; block p of PyTorch's order is ONNX's block order[p].
    private static float[] ToPyTorchGates(float[] onnx, int[] order, int block)
    {
        var pytorch = new float[onnx.Length];
        for (int gate = 0; gate < order.Length; gate++)
        {
            Array.Copy(onnx, order[gate] * block, pytorch, gate * block, block);
        }

        return pytorch;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var transposed = new float[values.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                transposed[(column * rows) + row] = values[(row * columns) + column];
            }
        }

        return transposed;
    }

    private static void Scale(float[] values, float factor)
    {
        if (factor != 1f)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] *= factor;
            }
        }
    }
}
