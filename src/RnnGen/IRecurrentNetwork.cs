using System;
using System.Collections.Generic;

namespace RnnGen;

/// <summary>
/// What every generated network offers regardless of its sizes: its shape and its parameters by
/// PyTorch name. The generated class implements it explicitly beside its own constants.
/// </summary>
public interface IRecurrentNetwork
{
    /// <summary>The cell of layer 0, and of every layer unless <c>[RecurrentLayer]</c> stacked others (see <see cref="LayerShapes"/>).</summary>
    CellType Cell { get; }

    /// <summary>The number of features of one input step.</summary>
    int InputSize { get; }

    /// <summary>The number of hidden units of layer 0, and of every layer unless <c>[RecurrentLayer]</c> stacked others (see <see cref="LayerShapes"/>).</summary>
    int HiddenSize { get; }

    /// <summary>The number of stacked layers.</summary>
    int Layers { get; }

    /// <summary>Each layer's cell and sizes, layer 0 first.</summary>
    IReadOnlyList<LayerShape> LayerShapes { get; }

    /// <summary>The number of values of one output step: the head's size, or without a head the last layer's hidden size (twice that when bidirectional).</summary>
    int OutputSize { get; }

    /// <summary>The total number of trainable values.</summary>
    int ParameterCount { get; }

    /// <summary>The parameter names in PyTorch <c>state_dict</c> order.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The PyTorch shape of the parameter <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    int[] ParameterShape(string name);

    /// <summary>Sets a parameter from PyTorch's row-major layout and gate order.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the length is not the parameter's.</exception>
    void SetParameter(string name, ReadOnlySpan<float> values);

    /// <summary>Copies a parameter out in PyTorch's row-major layout and gate order.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the length is not the parameter's.</exception>
    void GetParameter(string name, Span<float> destination);

    /// <summary>Fills every parameter with PyTorch's default initialization, deterministically for <paramref name="seed"/>.</summary>
    void InitializeParameters(int seed);
}

/// <summary>A generated network together with its recurrent state type.</summary>
/// <typeparam name="TState">The generated <c>State</c> struct: the hidden (and cell) state of every layer.</typeparam>
public interface IRecurrentNetwork<TState> : IRecurrentNetwork
    where TState : struct
{
    /// <summary>Runs one time step at batch size 1 without allocating.</summary>
    void Step(ReadOnlySpan<float> input, ref TState state, Span<float> output);

    /// <summary>Runs a whole sequence, <c>[T, InputSize]</c> in and <c>[T, OutputSize]</c> out.</summary>
    void Forward(ReadOnlySpan<float> inputs, ref TState state, Span<float> outputs);
}
