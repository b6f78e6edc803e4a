namespace RnnGen.Training;

/// <summary>Everything a fit needs per batch, allocated once at its start so that batches allocate nothing.</summary>
internal sealed class BatchBuffers<TTarget>
    where TTarget : unmanaged
{
    public BatchBuffers(ITrainableNetwork network, int maxBatch, int maxSteps, int targetSize, SequenceTargets targets, int maxSequences, bool floatInputs, bool tokens)
    {
        Tape = network.CreateTape(maxSteps, maxBatch);
        if (Tape is IBidirectionalTape bidirectional)
        {
            // Last-step targets train what Forward(..., SequenceOutputs.LastStep) computes: each direction's final h.
            bidirectional.Returns = targets == SequenceTargets.LastStep ? SequenceOutputs.LastStep : SequenceOutputs.EveryStep;
        }

        Inputs = floatInputs ? new float[maxBatch * maxSteps * network.InputSize] : [];
        Tokens = tokens ? new int[maxBatch * maxSteps] : [];
        Outputs = new float[maxBatch * maxSteps * network.OutputSize];
        OutputGradients = new float[Outputs.Length];
        Targets = new TTarget[targets == SequenceTargets.EveryStep ? maxBatch * maxSteps * targetSize : maxBatch * targetSize];
        Lengths = new int[maxBatch];
        Members = new int[maxBatch];
        ParameterGradients = new float[network.ParameterCount];
        Order = new int[maxSequences];
    }

    public ITrainingTape Tape { get; }

    /// <summary>The window's inputs, <c>[B, T, InputSize]</c>, zero at padded steps; empty when only token data sets are fitted.</summary>
    public float[] Inputs { get; }

    /// <summary>The window's token ids, <c>[B, T]</c>, for token data sets; zero at padded steps.</summary>
    public int[] Tokens { get; }

    public float[] Outputs { get; }

    public float[] OutputGradients { get; }

    public TTarget[] Targets { get; }

    /// <summary>The valid steps of each sequence in the window.</summary>
    public int[] Lengths { get; }

    /// <summary>The data set indices of the batch's sequences, longest first.</summary>
    public int[] Members { get; }

    public float[] ParameterGradients { get; }

    /// <summary>The order in which an epoch visits the data set.</summary>
    public int[] Order { get; }
}
