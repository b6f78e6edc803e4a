using System;
using System.Linq;

namespace RnnGen.Bench;

/// <summary>
/// One model's implementations on one random input sequence: checked to agree, then run as a stream
/// (one <c>Step</c> per call, state carried) or as a sequence (one <c>Forward</c> over all of it).
/// With several streams, a step's input and output are <c>[S, I]</c> and <c>[S, O]</c>, each row its own
/// stream's, as the multi-stream implementations take them.
/// </summary>
public sealed class InferenceWorkload
{
    public const double Tolerance = 1e-4;

    private readonly float[] _inputs;
    private readonly float[] _outputs;
    private readonly int _inputSize;
    private readonly int _outputSize;

    public InferenceWorkload(NetworkWeights weights, int steps, int streams = 1)
    {
        Steps = steps;
        _inputSize = streams * weights.InputSize;
        _outputSize = streams * weights.OutputSize;
        var random = new Random(3);
        _inputs = Enumerable.Range(0, steps * _inputSize).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
        _outputs = new float[steps * _outputSize];
    }

    public int Steps { get; }

    /// <summary>
    /// Runs every implementation from a zero state, step by step and as one sequence, and throws unless
    /// each output is within <see cref="Tolerance"/> of the first implementation's steps.
    /// </summary>
    public void CheckAgreement(string model, InferenceImplementation[] implementations)
    {
        float[]? expected = null;
        foreach (InferenceImplementation implementation in implementations)
        {
            implementation.Reset();
            RunStreaming(implementation);
            float[] streamed = (float[])_outputs.Clone();
            implementation.Reset();
            RunSequence(implementation);
            expected ??= streamed;
            Require(model, $"{implementation.Name} Step", expected, streamed);
            Require(model, $"{implementation.Name} Forward", expected, _outputs);
            implementation.Reset();
        }
    }

    public void RunStreaming(InferenceImplementation implementation)
    {
        ReadOnlySpan<float> inputs = _inputs;
        Span<float> outputs = _outputs;
        for (int t = 0; t < Steps; t++)
        {
            implementation.Step(inputs.Slice(t * _inputSize, _inputSize), outputs.Slice(t * _outputSize, _outputSize));
        }
    }

    public void RunSequence(InferenceImplementation implementation) =>
        implementation.Forward(_inputs, _outputs, _inputSize, _outputSize);

    /// <summary>The bytes <paramref name="run"/> allocates on this thread per step, after a first run has done any one-time allocation.</summary>
    public double BytesPerStep(Action run)
    {
        run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int Runs = 16;
        for (int i = 0; i < Runs; i++)
        {
            run();
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (Runs * Steps);
    }

    private static void Require(string model, string what, float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= Tolerance))
            {
                throw new InvalidOperationException(
                    $"{model}: {what} gives {actual[i]} at output {i}, the generated code {expected[i]}; the comparison would be of different functions.");
            }
        }
    }
}
