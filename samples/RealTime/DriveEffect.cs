using System;

namespace RnnGen.Samples.RealTime;

/// <summary>
/// The effect the network learns: a one-pole low-pass filter feeding a tanh soft clipper, the tone-then-clip stage
/// of an overdrive. The filter gives it memory (each output depends on past inputs), the clipper makes it nonlinear.
/// </summary>
/// <remarks><c>lowPass[n] = lowPass[n-1] + a·(x[n] - lowPass[n-1])</c> with <c>a = 1 - exp(-2π·cutoff/sampleRate)</c>, then <c>y[n] = tanh(drive·lowPass[n])</c>.</remarks>
public sealed class DriveEffect
{
    /// <summary>The low-pass filter's cutoff.</summary>
    public const double CutoffHertz = 1500;

    /// <summary>The gain into the clipper: 4 (12 dB) drives a full-scale input deep into saturation.</summary>
    public const float Drive = 4f;

    private readonly float _smoothing;
    private float _lowPass;

    /// <summary>An effect at rest (a silent past) for audio at <paramref name="sampleRate"/>.</summary>
    public DriveEffect(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _smoothing = (float)(1 - Math.Exp(-2 * Math.PI * CutoffHertz / sampleRate));
    }

    /// <summary>The next output sample.</summary>
    public float Process(float input)
    {
        _lowPass += _smoothing * (input - _lowPass);
        return MathF.Tanh(Drive * _lowPass);
    }

    /// <summary>Processes a block, continuing from the samples before it.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, input.Length);
        for (int n = 0; n < input.Length; n++)
        {
            output[n] = Process(input[n]);
        }
    }

    /// <summary>Forgets the past, as at construction.</summary>
    public void Reset() => _lowPass = 0;
}
