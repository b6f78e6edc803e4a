using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RnnGen.Training;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, with the update
/// formulas of <c>torch.optim.SGD</c>: with <c>g = gradient + weightDecay · p</c>, the momentum buffer is
/// <c>b = g</c> on the first step and <c>b = momentum · b + (1 - dampening) · g</c> after; the step direction
/// is <c>g + momentum · b</c> with Nesterov, <c>b</c> without (or <c>g</c> when momentum is 0); and
/// <c>p = p - learningRate · direction</c>.
/// </summary>
/// <remarks>
/// Each element is computed with separate (unfused) float multiplications and additions in the same order
/// on every instruction set, so the result does not depend on the vector width.
/// </remarks>
public sealed class Sgd : IOptimizer
{
    private const string Kind = "Sgd";

    private float[]? _momentumBuffer;

    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters with PyTorch's defaults.</summary>
    /// <param name="parameterCount">The length of the parameter buffer it will update.</param>
    /// <param name="learningRate">The step size, at least 0.</param>
    /// <param name="momentum">The momentum factor, at least 0; 0 is plain gradient descent.</param>
    /// <param name="dampening">Dampening of the momentum's new gradient; must be 0 with Nesterov.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient, at least 0.</param>
    /// <param name="nesterov">Nesterov momentum; needs a positive momentum and no dampening.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    /// <exception cref="ArgumentException">Nesterov is asked for without momentum or with dampening.</exception>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerState.CheckHyperparameter(learningRate, nameof(learningRate), 0);
        OptimizerState.CheckHyperparameter(momentum, nameof(momentum), 0);
        OptimizerState.CheckHyperparameter(dampening, nameof(dampening), 0);
        OptimizerState.CheckHyperparameter(weightDecay, nameof(weightDecay), 0);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a positive momentum and zero dampening (as torch.optim.SGD).", nameof(nesterov));
        }

        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffer = momentum != 0 ? new float[parameterCount] : null;
    }

    /// <inheritdoc/>
    public int ParameterCount { get; }

    /// <inheritdoc/>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the momentum's new gradient.</summary>
    public double Dampening { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerState.CheckStep(parameters.Length, gradients.Length, ParameterCount);
        var scalars = new Scalars(this, firstStep: StepCount == 0);
        if (_momentumBuffer is null)
        {
            StepWithoutMomentum(parameters, gradients, scalars);
        }
        else
        {
            StepWithMomentum(parameters, gradients, _momentumBuffer, scalars);
        }

        StepCount++;
    }

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        OptimizerState.WriteHeader(writer, Kind, ParameterCount, StepCount, LearningRate);
        writer.Write(_momentumBuffer is not null);
        if (_momentumBuffer is not null)
        {
            BinarySingles.Write(writer, _momentumBuffer);
        }
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        (long stepCount, double learningRate) = OptimizerState.ReadHeader(reader, Kind, ParameterCount);
        bool hasMomentumBuffer = reader.ReadBoolean();
        if (hasMomentumBuffer != (_momentumBuffer is not null))
        {
            throw new InvalidDataException(
                $"The SGD state was saved {(hasMomentumBuffer ? "with" : "without")} momentum; this optimizer has momentum {Momentum}.");
        }

        float[]? momentumBuffer = hasMomentumBuffer ? BinarySingles.Read(reader, ParameterCount, "momentum buffer") : null;
        StepCount = stepCount;
        LearningRate = learningRate;
        _momentumBuffer = momentumBuffer;
    }

    private static void StepWithoutMomentum(Span<float> parameters, ReadOnlySpan<float> gradients, Scalars s)
    {
        Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var weightDecay = new Vector<float>(s.WeightDecay);
        var negativeRate = new Vector<float>(s.NegativeRate);
        for (int i = 0; i < p.Length; i++)
        {
            Vector<float> direction = s.HasWeightDecay ? g[i] + (weightDecay * p[i]) : g[i];
            p[i] += negativeRate * direction;
        }

        for (int i = p.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float direction = s.HasWeightDecay ? gradients[i] + (s.WeightDecay * parameters[i]) : gradients[i];
            parameters[i] += s.NegativeRate * direction;
        }
    }

    private static void StepWithMomentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentumBuffer, Scalars s)
    {
        Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        Span<Vector<float>> b = MemoryMarshal.Cast<float, Vector<float>>(momentumBuffer);
        var weightDecay = new Vector<float>(s.WeightDecay);
        var negativeRate = new Vector<float>(s.NegativeRate);
        var momentum = new Vector<float>(s.Momentum);
        var undampened = new Vector<float>(s.Undampened);
        for (int i = 0; i < p.Length; i++)
        {
            Vector<float> gradient = s.HasWeightDecay ? g[i] + (weightDecay * p[i]) : g[i];
            Vector<float> buffer = s.FirstStep ? gradient : (b[i] * momentum) + (undampened * gradient);
            b[i] = buffer;
            Vector<float> direction = s.Nesterov ? gradient + (momentum * buffer) : buffer;
            p[i] += negativeRate * direction;
        }

        for (int i = p.Length * Vector<float>.Count; i < parameters.Length; i++)
        {
            float gradient = s.HasWeightDecay ? gradients[i] + (s.WeightDecay * parameters[i]) : gradients[i];
            float buffer = s.FirstStep ? gradient : (momentumBuffer[i] * s.Momentum) + (s.Undampened * gradient);
            momentumBuffer[i] = buffer;
            float direction = s.Nesterov ? gradient + (s.Momentum * buffer) : buffer;
            parameters[i] += s.NegativeRate * direction;
        }
    }

    /// <summary>The hyperparameters as the float scalars the element-wise update uses, as PyTorch casts them.</summary>
    private readonly struct Scalars(Sgd optimizer, bool firstStep)
    {
        public readonly bool FirstStep = firstStep;
        public readonly bool Nesterov = optimizer.Nesterov;
        public readonly bool HasWeightDecay = optimizer.WeightDecay != 0;
        public readonly float WeightDecay = (float)optimizer.WeightDecay;
        public readonly float Momentum = (float)optimizer.Momentum;
        public readonly float Undampened = (float)(1 - optimizer.Dampening);
        public readonly float NegativeRate = (float)-optimizer.LearningRate;
    }
}
