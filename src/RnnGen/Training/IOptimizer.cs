using System;
using System.IO;

namespace RnnGen.Training;

/// <summary>
/// Updates a flat parameter buffer in place from its gradient, as a <c>torch.optim</c> optimizer does for
/// one parameter group. Implementations are vectorized and allocate nothing per step.
/// </summary>
public interface IOptimizer
{
    /// <summary>The number of parameters the optimizer was made for.</summary>
    int ParameterCount { get; }

    /// <summary>The learning rate of the next step (a double, as PyTorch's); a schedule sets it before every step.</summary>
    double LearningRate { get; set; }

    /// <summary>How many steps have been taken: PyTorch's per-parameter <c>step</c>.</summary>
    long StepCount { get; }

    /// <summary>Takes one step.</summary>
    /// <param name="parameters"><see cref="ParameterCount"/> values, updated in place.</param>
    /// <param name="gradients">Their gradients, the same length.</param>
    /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterCount"/>.</exception>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>
    /// Writes what changes as the optimizer steps (step count, learning rate, moment buffers), so that a
    /// checkpoint can resume it exactly. Hyperparameters are not written: they come from the constructor.
    /// </summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Replaces the state with one written by <see cref="SaveState"/> of the same kind of optimizer.</summary>
    /// <exception cref="InvalidDataException">The state is of another optimizer or another parameter count; the optimizer is then unchanged.</exception>
    /// <exception cref="EndOfStreamException">The state is cut short; the optimizer is then unchanged.</exception>
    void LoadState(BinaryReader reader);
}
