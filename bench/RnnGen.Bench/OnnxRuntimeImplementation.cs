using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace RnnGen.Bench;

/// <summary>
/// ONNX Runtime on one intra-op thread, its own RNN/LSTM/GRU kernels, with every buffer bound once
/// through IOBinding so that a call costs what ORT itself costs; the final state is copied back into
/// the bound initial state after each run. With a batch of B, each call steps B independent streams
/// (inputs [B, I], outputs [B, O]): ONNX Runtime's own batched kernels, the multi-stream baseline.
/// </summary>
public sealed class OnnxRuntimeImplementation : InferenceImplementation, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly List<IDisposable> _owned = new();
    private readonly float[][] _initialStates;
    private readonly float[][] _finalStates;
    private readonly float[] _stepInput;
    private readonly float[] _stepOutput;
    private readonly float[] _sequenceInputs;
    private readonly float[] _sequenceOutputs;
    private readonly OrtIoBinding _stepBinding;
    private readonly OrtIoBinding _sequenceBinding;

    public OnnxRuntimeImplementation(NetworkWeights weights, int sequenceLength, int batch = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        _session = new InferenceSession(OnnxNetworkWriter.Write(weights, batch), options);

        var stateNames = new List<(string Initial, string Final)>();
        for (int layer = 0; layer < weights.Layers; layer++)
        {
            stateNames.Add((OnnxNetworkWriter.InitialHidden(layer), OnnxNetworkWriter.FinalHidden(layer)));
            if (weights.Cell == CellType.Lstm)
            {
                stateNames.Add((OnnxNetworkWriter.InitialCell(layer), OnnxNetworkWriter.FinalCell(layer)));
            }
        }

        _initialStates = new float[stateNames.Count][];
        _finalStates = new float[stateNames.Count][];
        _stepInput = new float[batch * weights.InputSize];
        _stepOutput = new float[batch * weights.OutputSize];
        _sequenceInputs = new float[sequenceLength * batch * weights.InputSize];
        _sequenceOutputs = new float[sequenceLength * batch * weights.OutputSize];
        _stepBinding = Own(_session.CreateIoBinding());
        _sequenceBinding = Own(_session.CreateIoBinding());
        long[] stateShape = [1, batch, weights.HiddenSize];
        for (int i = 0; i < stateNames.Count; i++)
        {
            _initialStates[i] = new float[batch * weights.HiddenSize];
            _finalStates[i] = new float[batch * weights.HiddenSize];
            OrtValue initial = Own(OrtValue.CreateTensorValueFromMemory(_initialStates[i], stateShape));
            OrtValue final = Own(OrtValue.CreateTensorValueFromMemory(_finalStates[i], stateShape));
            foreach (OrtIoBinding binding in new[] { _stepBinding, _sequenceBinding })
            {
                binding.BindInput(stateNames[i].Initial, initial);
                binding.BindOutput(stateNames[i].Final, final);
            }
        }

        _stepBinding.BindInput(OnnxNetworkWriter.InputName, Own(OrtValue.CreateTensorValueFromMemory(_stepInput, [1, batch, weights.InputSize])));
        _stepBinding.BindOutput(OnnxNetworkWriter.OutputName, Own(OrtValue.CreateTensorValueFromMemory(_stepOutput, [1, batch, weights.OutputSize])));
        _sequenceBinding.BindInput(OnnxNetworkWriter.InputName, Own(OrtValue.CreateTensorValueFromMemory(_sequenceInputs, [sequenceLength, batch, weights.InputSize])));
        _sequenceBinding.BindOutput(OnnxNetworkWriter.OutputName, Own(OrtValue.CreateTensorValueFromMemory(_sequenceOutputs, [sequenceLength, batch, weights.OutputSize])));
    }

    public override string Name => "ONNX Runtime";

    public override void Reset()
    {
        foreach (float[] state in _initialStates)
        {
            Array.Clear(state);
        }
    }

    public override void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_stepInput);
        _session.RunWithBinding(_runOptions, _stepBinding);
        _stepOutput.CopyTo(output);
        CarryState();
    }

    public override void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int inputSize, int outputSize)
    {
        if (inputs.Length != _sequenceInputs.Length)
        {
            base.Forward(inputs, outputs, inputSize, outputSize);
            return;
        }

        inputs.CopyTo(_sequenceInputs);
        _session.RunWithBinding(_runOptions, _sequenceBinding);
        _sequenceOutputs.CopyTo(outputs);
        CarryState();
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private void CarryState()
    {
        for (int i = 0; i < _initialStates.Length; i++)
        {
            _finalStates[i].CopyTo(_initialStates[i], 0);
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
