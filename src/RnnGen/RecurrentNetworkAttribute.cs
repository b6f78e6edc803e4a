using System;

namespace RnnGen;

/// <summary>
/// Declares a recurrent network whose forward pass the RnnGen source generator writes into the
/// annotated <c>partial class</c>, specialized to the sizes given here.
/// </summary>
/// <remarks>
/// The generated class follows PyTorch: parameter names and shapes as in <c>state_dict()</c>, gate
/// order i,f,g,o for LSTM and r,z,n for GRU, and two bias vectors per layer.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecurrentNetworkAttribute : Attribute
{
    /// <summary>Declares a network of <paramref name="cell"/> layers.</summary>
    /// <param name="cell">The cell of every layer declared here (layer 0, or all <see cref="Layers"/>).</param>
    /// <param name="inputSize">The number of features of one input step.</param>
    /// <param name="hiddenSize">The number of hidden units of every layer declared here.</param>
    public RecurrentNetworkAttribute(CellType cell, int inputSize, int hiddenSize)
    {
        Cell = cell;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    /// <summary>The cell of every layer declared here; <see cref="RecurrentLayerAttribute"/> stacks layers of other cells.</summary>
    public CellType Cell { get; }

    /// <summary>The number of features of one input step.</summary>
    public int InputSize { get; }

    /// <summary>The number of hidden units of every layer declared here; <see cref="RecurrentLayerAttribute"/> stacks layers of other sizes.</summary>
    public int HiddenSize { get; }

    /// <summary>
    /// The number of stacked layers, all alike; layer k &gt; 0 takes layer k-1's hidden state as input. Default 1.
    /// Leave it unset when <see cref="RecurrentLayerAttribute"/>s stack further layers (RNNG020).
    /// </summary>
    public int Layers { get; set; } = 1;

    /// <summary>
    /// The size of a dense head (<c>nn.Linear(last layer's hidden size, OutputSize)</c>) on the last layer, or 0 (the
    /// default) for none, in which case the output is the last layer's hidden state.
    /// </summary>
    public int OutputSize { get; set; }

    /// <summary>The activation applied to the head's output. Requires a head. Default <see cref="Activation.Identity"/>.</summary>
    public Activation OutputActivation { get; set; } = Activation.Identity;

    /// <summary>The nonlinearity of the <see cref="CellType.Rnn"/> layers declared here: <see cref="Activation.Tanh"/> (default) or <see cref="Activation.Relu"/>.</summary>
    public Activation Nonlinearity { get; set; } = Activation.Tanh;

    /// <summary>
    /// The number of token ids the network reads, or 0 (the default) for float input. When set, an
    /// embedding table (<c>embedding.weight</c>, <c>[VocabularySize, InputSize]</c>, PyTorch's
    /// <c>nn.Embedding</c>) turns each id into <see cref="InputSize"/> features for the first layer and is
    /// trained with the rest; <c>Step</c> and <c>Forward</c> then also take ids (<c>int</c>,
    /// <c>ReadOnlySpan&lt;int&gt;</c>).
    /// </summary>
    public int VocabularySize { get; set; }

    /// <summary>
    /// PyTorch's <c>dropout</c>: during training (<c>ForwardTraining</c>), each unit of every layer's output
    /// except the last layer's is zeroed with this probability before the next layer reads it, and the
    /// kept units are scaled by 1/(1 − p) (inverted dropout), with masks drawn from the tape's seed.
    /// Inference (<c>Step</c>, <c>Forward</c>) never drops. 0 (the default) to below 1; needs
    /// <see cref="Layers"/> ≥ 2.
    /// </summary>
    public float Dropout { get; set; }

    /// <summary>
    /// Whether every layer runs over the sequence both forward and in reverse and concatenates the two, as
    /// <c>nn.LSTM(bidirectional=True)</c>: each layer's output (and the next layer's input, and the head's) is
    /// 2 × HiddenSize wide, forward half first, and the reverse direction's parameters end in <c>_reverse</c>.
    /// Default false.
    /// </summary>
    /// <remarks>
    /// A bidirectional network reads whole sequences only (its reverse direction needs the future): the class
    /// implements <see cref="IBidirectionalNetwork"/> and has no <c>Step</c>, <c>State</c> or multi-stream step.
    /// It trains as any network does (<see cref="Training.ITrainableNetwork"/>), without truncated BPTT.
    /// Every layer is bidirectional, so <see cref="RecurrentLayerAttribute"/>s cannot stack on it (RNNG023).
    /// </remarks>
    public bool Bidirectional { get; set; }

    /// <summary>
    /// A safetensors file of the network's weights to embed at compile time, or null (the default) for
    /// none. The file must be passed to the compiler as <c>&lt;AdditionalFiles Include="model.safetensors" /&gt;</c>
    /// with RnnGen's build step (<c>RnnGen.targets</c>) imported. The name matches a file by its name, or
    /// by a trailing part of its path in whole segments (<c>"models/model.safetensors"</c>).
    /// </summary>
    /// <remarks>
    /// Tensors are named as in PyTorch's <c>state_dict()</c> (see the generated <c>ParameterNames</c>),
    /// optionally all under one common prefix such as <c>lstm.</c>; dtypes F32, F16 and BF16. Every
    /// instance then starts with these weights, with no file at run time; <c>SetParameter</c> and
    /// <c>InitializeParameters</c> still replace them.
    /// </remarks>
    public string? Weights { get; set; }
}
