using System;
using System.Linq;
using RnnGen.Training;

namespace RnnGen.Bench;

/// <summary>
/// One training step on random data: a recorded forward pass over a batch, backpropagation through time,
/// and an Adam update: everything a training loop does per batch except computing the loss.
/// </summary>
public sealed class TrainingWorkload
{
    private readonly ITrainableNetwork _network;
    private readonly ITrainingTape _tape;
    private readonly float[] _inputs;
    private readonly float[] _outputs;
    private readonly int[] _lengths;
    private readonly float[] _gradients;
    private readonly Adam _optimizer;

    public TrainingWorkload(ITrainableNetwork network, int steps, int batch)
    {
        _network = network;
        Steps = steps;
        Batch = batch;
        network.InitializeParameters(seed: 1);
        _tape = network.CreateTape(steps, batch);
        var random = new Random(2);
        _inputs = Enumerable.Range(0, batch * steps * network.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        _outputs = new float[batch * steps * network.OutputSize];
        _lengths = Enumerable.Repeat(steps, batch).ToArray();
        _gradients = new float[network.ParameterCount];
        _optimizer = new Adam(network.ParameterCount, learningRate: 1e-4);
    }

    public int Steps { get; }

    public int Batch { get; }

    /// <summary>
    /// The multiply-adds of one step, counted as two FLOPs each: the gate products forward
    /// (2·G·H·(I+H) per step and sequence) and twice that backward (the inputs' and the weights'
    /// gradients). Elementwise work and the optimizer are not counted.
    /// </summary>
    public double Flops
    {
        get
        {
            int gates = _network.Cell switch { CellType.Lstm => 4, CellType.Gru => 3, _ => 1 };
            double perStep = 2.0 * gates * _network.HiddenSize * (_network.InputSize + _network.HiddenSize) * _network.Layers;
            return 3 * perStep * Steps * Batch;
        }
    }

    public void Run()
    {
        _network.ForwardTraining(_tape, _inputs, _lengths, _outputs);
        Array.Clear(_gradients);

        // The outputs stand in for dL/dy: any values exercise the same arithmetic.
        _network.Backward(_tape, _outputs, _gradients, Span<float>.Empty);
        _optimizer.Step(_network.ParameterValues, _gradients);
        _network.ParametersChanged();
    }
}
