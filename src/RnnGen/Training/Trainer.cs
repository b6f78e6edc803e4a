using System;
using System.Diagnostics;
using System.Threading;

namespace RnnGen.Training;

/// <summary>
/// Trains an <see cref="ITrainableNetwork"/> with mini-batches of variable-length sequences: each epoch
/// visits the training set in a seeded random order, pads every batch to its longest sequence (passing the
/// lengths to the network), runs forward and backward, optionally clips the gradients, sets the learning
/// rate from a schedule and takes an optimizer step; then it evaluates the validation set, keeps the best
/// parameters, stops early if asked, reports progress and writes a checkpoint.
/// </summary>
/// <remarks>
/// <para>
/// Determinism: nothing depends on time, threads or hash codes, so the same seed, data, initial parameters,
/// options and instruction-set path give bit-identical parameters; a run resumed from a checkpoint with
/// <see cref="LoadCheckpoint"/> ends bit-identical to one that never stopped.
/// </para>
/// <para>
/// Within a batch the sequences are ordered longest first, so that under truncated backpropagation through
/// time the sequences still running in a window are always the first rows, and each keeps its carried state
/// in its own row of <see cref="ITrainingTape.InitialState"/>.
/// </para>
/// <para>
/// A network declared with <c>Dropout</c> drops units in every training pass, with masks from
/// <see cref="TrainerOptions.Seed"/> and the optimizer step count (see <see cref="IDropoutTape"/>), and in
/// none of the validation passes.
/// </para>
/// <para>
/// A trainer is not thread-safe. After cancellation the network holds the parameters of the middle of an
/// epoch; resume from the last checkpoint to continue exactly.
/// </para>
/// </remarks>
/// <typeparam name="TTarget">The target element: <see cref="float"/> for values, <see cref="int"/> for class indices.</typeparam>
public sealed class Trainer<TTarget>
    where TTarget : unmanaged
{
    private readonly ITrainableNetwork _network;
    private readonly IOptimizer _optimizer;
    private readonly ISequenceLoss<TTarget> _loss;
    private readonly ISequenceMetric<TTarget>? _metric;
    private readonly int _targetSize;
    private TrainerPosition _position;

    /// <summary>A trainer at epoch 0.</summary>
    /// <param name="network">The network whose <see cref="ITrainableNetwork.ParameterValues"/> are trained in place.</param>
    /// <param name="optimizer">An optimizer for the network's <see cref="IRecurrentNetwork.ParameterCount"/> parameters.</param>
    /// <param name="loss">The loss to minimize; its outputs are the network's.</param>
    /// <param name="options">How to train; the defaults of <see cref="TrainerOptions"/> when null.</param>
    /// <param name="validationMetric">A metric reported beside the validation loss, or null.</param>
    /// <exception cref="ArgumentException">The optimizer's parameter count, the metric's targets or the options do not fit (truncation needs a target at every step and a unidirectional network).</exception>
    public Trainer(ITrainableNetwork network, IOptimizer optimizer, ISequenceLoss<TTarget> loss, TrainerOptions? options = null, ISequenceMetric<TTarget>? validationMetric = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        Options = options ?? new TrainerOptions();
        Options.Validate();
        if (optimizer.ParameterCount != network.ParameterCount)
        {
            throw new ArgumentException($"The optimizer is for {optimizer.ParameterCount} parameters; the network has {network.ParameterCount}.", nameof(optimizer));
        }

        if (validationMetric is not null && validationMetric.Targets != loss.Targets)
        {
            throw new ArgumentException($"The metric is for {validationMetric.Targets} targets; the loss is for {loss.Targets}.", nameof(validationMetric));
        }

        if (Options.TruncationLength is not null && loss.Targets != SequenceTargets.EveryStep)
        {
            throw new ArgumentException("Truncated backpropagation through time needs a target at every step (a loss for SequenceTargets.EveryStep).", nameof(options));
        }

        if (Options.TruncationLength is not null && network is IBidirectionalNetwork)
        {
            throw new ArgumentException("Truncated backpropagation through time cuts sequences into windows, but a bidirectional network's reverse direction must read each sequence from its end: leave TruncationLength unset.", nameof(options));
        }

        _network = network;
        _optimizer = optimizer;
        _loss = loss;
        _metric = validationMetric;
        _targetSize = loss.TargetSize(network.OutputSize);
        _position = new TrainerPosition { ShuffleState = new ShuffleRandom(Options.Seed).State };
    }

    /// <summary>How this trainer trains.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The epochs completed so far, including those of a loaded checkpoint.</summary>
    public int CompletedEpochs => _position.CompletedEpochs;

    /// <summary>
    /// Trains from the current position (epoch 0, or where a loaded checkpoint left off) up to
    /// <see cref="TrainerOptions.Epochs"/>, or until early stopping; then, with a validation set and
    /// <see cref="TrainerOptions.RestoreBestParameters"/>, gives the network the best epoch's parameters.
    /// </summary>
    /// <param name="training">The sequences to learn from.</param>
    /// <param name="validation">Sequences evaluated after every epoch (see <see cref="SequenceDataset{TTarget}.Split"/>), or null.</param>
    /// <param name="progress">Receives a report after every batch and every epoch, on the training thread; or null.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <exception cref="ArgumentException">A data set is empty or does not fit the network and loss, or early stopping lacks a validation set.</exception>
    /// <exception cref="InvalidOperationException">The data sets differ in size from those of the loaded checkpoint.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public TrainingResult Fit(
        SequenceDataset<TTarget> training,
        SequenceDataset<TTarget>? validation = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        CheckDataset(training, nameof(training));
        if (validation is not null)
        {
            CheckDataset(validation, nameof(validation));
        }
        else if (Options.EarlyStoppingPatience is not null)
        {
            throw new ArgumentException("Early stopping needs a validation set.", nameof(validation));
        }

        CheckSameData(training.Count, validation?.Count ?? 0);
        BatchBuffers<TTarget> buffers = CreateBuffers(training, validation);
        while (_position.CompletedEpochs < Options.Epochs && !_position.StoppedEarly)
        {
            RunEpoch(training, validation, buffers, progress, started, cancellationToken);
        }

        bool restored = false;
        if (Options.RestoreBestParameters && _position.BestParameters is float[] best)
        {
            best.CopyTo(_network.ParameterValues);
            _network.ParametersChanged();
            restored = true;
        }

        bool validated = validation is not null;
        bool hasBest = _position.BestEpoch > 0;
        return new TrainingResult
        {
            CompletedEpochs = _position.CompletedEpochs,
            StoppedEarly = _position.StoppedEarly,
            FinalTrainingLoss = _position.LastTrainingLoss,
            FinalValidationLoss = validated ? _position.LastValidationLoss : null,
            FinalValidationMetric = validated && _metric is not null ? _position.LastValidationMetric : null,
            BestEpoch = hasBest ? _position.BestEpoch : null,
            BestValidationLoss = hasBest ? _position.BestValidationLoss : null,
            BestValidationMetric = hasBest && _metric is not null ? _position.BestValidationMetric : null,
            RestoredBestParameters = restored,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }

    /// <summary>
    /// Writes the network's parameters, the optimizer's state and the trainer's position (epoch, shuffling
    /// state, best parameters so far) to <paramref name="path"/> atomically: a temporary file in the same
    /// directory is written, flushed to disk and then moved over <paramref name="path"/>.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        TrainerCheckpoint.Save(path, _network, _optimizer, _position);
    }

    /// <summary>
    /// Restores the network's parameters, the optimizer's state and the trainer's position from a checkpoint;
    /// the next <see cref="Fit"/> continues from there, given the same data and options.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The file is not a checkpoint of this network and optimizer kind.</exception>
    /// <exception cref="System.IO.EndOfStreamException">The file is cut short.</exception>
    public void LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _position = TrainerCheckpoint.Load(path, _network, _optimizer);
    }

    private void RunEpoch(
        SequenceDataset<TTarget> training,
        SequenceDataset<TTarget>? validation,
        BatchBuffers<TTarget> buffers,
        IProgress<TrainingProgress>? progress,
        long started,
        CancellationToken cancellationToken)
    {
        int epoch = _position.CompletedEpochs;
        var random = new ShuffleRandom { State = _position.ShuffleState };
        Span<int> order = buffers.Order.AsSpan(0, training.Count);
        FillInOrder(order);
        if (Options.Shuffle)
        {
            random.Shuffle(order);
        }

        int batches = ((training.Count - 1) / Options.BatchSize) + 1;
        SumAndCount epochLoss = default;
        float gradientNorm = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = batch * Options.BatchSize;
            (SumAndCount batchLoss, gradientNorm) = TrainBatch(training, order.Slice(first, Math.Min(Options.BatchSize, training.Count - first)), buffers, epoch);
            epochLoss += batchLoss;
            progress?.Report(new TrainingProgress
            {
                Epoch = epoch + 1,
                Batch = batch + 1,
                BatchesPerEpoch = batches,
                TrainingLoss = batchLoss.Mean,
                LearningRate = _optimizer.LearningRate,
                GradientNorm = gradientNorm,
                Elapsed = Stopwatch.GetElapsedTime(started),
            });
        }

        _position.CompletedEpochs = epoch + 1;
        _position.ShuffleState = random.State;
        _position.LastTrainingLoss = epochLoss.Mean;
        double? validationLoss = null;
        double? validationMetric = null;
        if (validation is not null)
        {
            (SumAndCount loss, SumAndCount metric) = Evaluate(validation, buffers);
            validationLoss = loss.Mean;
            validationMetric = _metric is null ? null : metric.Mean;
            RecordValidation(loss.Mean, validationMetric ?? double.NaN);
        }

        progress?.Report(new TrainingProgress
        {
            Epoch = epoch + 1,
            Batch = batches,
            BatchesPerEpoch = batches,
            IsEpochEnd = true,
            TrainingLoss = epochLoss.Mean,
            ValidationLoss = validationLoss,
            ValidationMetric = validationMetric,
            LearningRate = _optimizer.LearningRate,
            GradientNorm = gradientNorm,
            Elapsed = Stopwatch.GetElapsedTime(started),
        });

        bool finished = _position.StoppedEarly || _position.CompletedEpochs >= Options.Epochs;
        if (Options.CheckpointPath is string path && (finished || _position.CompletedEpochs % Options.CheckpointEveryEpochs == 0))
        {
            TrainerCheckpoint.Save(path, _network, _optimizer, _position);
        }
    }

    private void RecordValidation(double loss, double metric)
    {
        _position.LastValidationLoss = loss;
        _position.LastValidationMetric = metric;
        if (loss < _position.BestValidationLoss - Options.EarlyStoppingMinDelta)
        {
            _position.BestValidationLoss = loss;
            _position.BestValidationMetric = metric;
            _position.BestEpoch = _position.CompletedEpochs;
            _position.EpochsWithoutImprovement = 0;
            _position.BestParameters ??= new float[_network.ParameterCount];
            _network.ParameterValues.CopyTo(_position.BestParameters);
        }
        else
        {
            _position.EpochsWithoutImprovement++;
        }

        if (Options.EarlyStoppingPatience is int patience && _position.EpochsWithoutImprovement >= patience)
        {
            _position.StoppedEarly = true;
        }
    }

    private (SumAndCount Loss, float GradientNorm) TrainBatch(SequenceDataset<TTarget> data, ReadOnlySpan<int> members, BatchBuffers<TTarget> buffers, int epoch)
    {
        int longest = OrderLongestFirst(data, members, buffers.Members);
        int window = Options.TruncationLength ?? longest;
        buffers.Tape.ResetState();
        SumAndCount total = default;
        float gradientNorm = 0;
        for (int start = 0; start < longest; start += window)
        {
            Window batch = LoadWindow(data, members.Length, start, window, buffers);
            if (buffers.Tape is IDropoutTape dropout)
            {
                // Masks follow from the seed and the step count alone, so a resumed run draws the same ones.
                dropout.DropoutEnabled = true;
                dropout.DropoutSeed = Options.Seed;
                dropout.DropoutPass = _position.OptimizerSteps;
            }

            ForwardTraining(buffers.Tape, batch);
            total += _loss.Evaluate(batch.Outputs, _network.OutputSize, batch.Lengths, batch.Targets, batch.OutputGradients);

            Span<float> gradients = buffers.ParameterGradients;
            gradients.Clear();
            _network.Backward(buffers.Tape, batch.OutputGradients, gradients, default);
            gradientNorm = Options.MaxGradientNorm is float maxNorm
                ? GradientClipping.ClipByGlobalNorm(gradients, maxNorm)
                : GradientClipping.GlobalNorm(gradients);
            if (Options.LearningRateSchedule is ILearningRateSchedule schedule)
            {
                _optimizer.LearningRate = schedule.LearningRate(epoch, _position.OptimizerSteps);
            }

            _optimizer.Step(_network.ParameterValues, gradients);
            _network.ParametersChanged();
            _position.OptimizerSteps++;
            if (start + window < longest)
            {
                buffers.Tape.CarryStateForward();
            }
        }

        return (total, gradientNorm);
    }

    private (SumAndCount Loss, SumAndCount Metric) Evaluate(SequenceDataset<TTarget> data, BatchBuffers<TTarget> buffers)
    {
        Span<int> order = buffers.Order.AsSpan(0, data.Count);
        FillInOrder(order);
        if (buffers.Tape is IDropoutTape dropout)
        {
            // Evaluation sees the whole network, as PyTorch's eval().
            dropout.DropoutEnabled = false;
        }

        SumAndCount loss = default;
        SumAndCount metric = default;
        for (int first = 0; first < data.Count; first += Options.BatchSize)
        {
            ReadOnlySpan<int> members = order.Slice(first, Math.Min(Options.BatchSize, data.Count - first));
            int longest = OrderLongestFirst(data, members, buffers.Members);
            int window = Options.TruncationLength ?? longest;
            buffers.Tape.ResetState();
            for (int start = 0; start < longest; start += window)
            {
                Window batch = LoadWindow(data, members.Length, start, window, buffers);
                ForwardTraining(buffers.Tape, batch);
                loss += _loss.Evaluate(batch.Outputs, _network.OutputSize, batch.Lengths, batch.Targets, default);
                if (_metric is not null)
                {
                    metric += _metric.Evaluate(batch.Outputs, _network.OutputSize, batch.Lengths, batch.Targets);
                }

                if (start + window < longest)
                {
                    buffers.Tape.CarryStateForward();
                }
            }
        }

        return (loss, metric);
    }

    /// <summary>Records a window's forward pass: from its token ids when it has them, else from its float inputs.</summary>
    private void ForwardTraining(ITrainingTape tape, Window batch)
    {
        if (batch.HasTokens)
        {
            ((ITokenNetwork)_network).ForwardTraining(tape, batch.Tokens, batch.Lengths, batch.Outputs);
        }
        else
        {
            _network.ForwardTraining(tape, batch.Inputs, batch.Lengths, batch.Outputs);
        }
    }

    /// <summary>
    /// Packs steps <c>[start, start + window)</c> of the batch's sequences that reach that far (the first ones,
    /// being longest first) into the batch buffers, padded with zeros to the longest of them.
    /// </summary>
    private Window LoadWindow(SequenceDataset<TTarget> data, int memberCount, int start, int window, BatchBuffers<TTarget> buffers)
    {
        int sequences = 0;
        while (sequences < memberCount && data[buffers.Members[sequences]].Length > start)
        {
            sequences++;
        }

        int steps = Math.Min(window, data[buffers.Members[0]].Length - start);
        int inputSize = data.HasTokens ? 0 : _network.InputSize;
        bool everyStep = _loss.Targets == SequenceTargets.EveryStep;
        Span<float> inputs = buffers.Inputs.AsSpan(0, sequences * steps * inputSize);
        Span<int> tokens = data.HasTokens ? buffers.Tokens.AsSpan(0, sequences * steps) : default;
        Span<TTarget> targets = buffers.Targets.AsSpan(0, sequences * (everyStep ? steps : 1) * _targetSize);
        inputs.Clear();
        tokens.Clear();
        targets.Clear();
        for (int b = 0; b < sequences; b++)
        {
            SequenceSample<TTarget> sample = data[buffers.Members[b]];
            int length = Math.Min(window, sample.Length - start);
            buffers.Lengths[b] = length;
            if (data.HasTokens)
            {
                sample.Tokens.Span.Slice(start, length).CopyTo(tokens.Slice(b * steps));
            }
            else
            {
                sample.Inputs.Span.Slice(start * inputSize, length * inputSize).CopyTo(inputs.Slice(b * steps * inputSize));
            }

            if (everyStep)
            {
                sample.Targets.Span.Slice(start * _targetSize, length * _targetSize).CopyTo(targets.Slice(b * steps * _targetSize));
            }
            else
            {
                sample.Targets.Span.CopyTo(targets.Slice(b * _targetSize));
            }
        }

        int outputCount = sequences * steps * _network.OutputSize;
        return new Window(
            data.HasTokens,
            inputs,
            tokens,
            buffers.Lengths.AsSpan(0, sequences),
            targets,
            buffers.Outputs.AsSpan(0, outputCount),
            buffers.OutputGradients.AsSpan(0, outputCount));
    }

    /// <summary>Copies the batch's data set indices into <paramref name="destination"/>, longest sequence first (stable); returns the longest length.</summary>
    private static int OrderLongestFirst(SequenceDataset<TTarget> data, ReadOnlySpan<int> members, Span<int> destination)
    {
        for (int i = 0; i < members.Length; i++)
        {
            int member = members[i];
            int length = data[member].Length;
            int j = i;
            while (j > 0 && data[destination[j - 1]].Length < length)
            {
                destination[j] = destination[j - 1];
                j--;
            }

            destination[j] = member;
        }

        return data[destination[0]].Length;
    }

    private static void FillInOrder(Span<int> order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
    }

    private void CheckDataset(SequenceDataset<TTarget> data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.Count == 0)
        {
            throw new ArgumentException($"The {name} set is empty.", name);
        }

        if (data.HasTokens)
        {
            CheckTokenDataset(data, name);
        }
        else if (data.InputSize != _network.InputSize)
        {
            throw new ArgumentException($"The {name} set has input size {data.InputSize}; the network needs {_network.InputSize}.", name);
        }

        if (data.Targets != _loss.Targets || data.TargetSize != _targetSize)
        {
            throw new ArgumentException(
                $"The {name} set has {data.Targets} targets of size {data.TargetSize}; the loss needs {_loss.Targets} targets of size {_targetSize}.",
                name);
        }
    }

    private void CheckTokenDataset(SequenceDataset<TTarget> data, string name)
    {
        if (_network is not ITokenNetwork tokenNetwork)
        {
            throw new ArgumentException($"The {name} set holds token ids, but the network reads float inputs: declare it with VocabularySize.", name);
        }

        if (tokenNetwork.VocabularySize != data.VocabularySize)
        {
            throw new ArgumentException($"The {name} set has a vocabulary of {data.VocabularySize} ids; the network's has {tokenNetwork.VocabularySize}.", name);
        }
    }

    private void CheckSameData(int trainingCount, int validationCount)
    {
        if (_position.TrainingSequences != TrainerPosition.Unknown
            && (_position.TrainingSequences != trainingCount || _position.ValidationSequences != validationCount))
        {
            throw new InvalidOperationException(
                $"This trainer's position comes from training on {_position.TrainingSequences} sequences with {_position.ValidationSequences} for validation; " +
                $"continuing with {trainingCount} and {validationCount} would not resume that run.");
        }

        _position.TrainingSequences = trainingCount;
        _position.ValidationSequences = validationCount;
    }

    private BatchBuffers<TTarget> CreateBuffers(SequenceDataset<TTarget> training, SequenceDataset<TTarget>? validation)
    {
        int sequences = Math.Max(training.Count, validation?.Count ?? 0);
        int longest = Math.Max(training.MaxLength, validation?.MaxLength ?? 0);
        int steps = Math.Min(Options.TruncationLength ?? longest, longest);
        bool floatInputs = !training.HasTokens || validation?.HasTokens == false;
        bool tokens = training.HasTokens || validation?.HasTokens == true;
        return new BatchBuffers<TTarget>(_network, Math.Min(Options.BatchSize, sequences), steps, _targetSize, _loss.Targets, sequences, floatInputs, tokens);
    }

    /// <summary>One window of a batch as the network and loss take it.</summary>
    private readonly ref struct Window(bool hasTokens, Span<float> inputs, Span<int> tokens, ReadOnlySpan<int> lengths, ReadOnlySpan<TTarget> targets, Span<float> outputs, Span<float> outputGradients)
    {
        public readonly bool HasTokens = hasTokens;
        public readonly ReadOnlySpan<float> Inputs = inputs;
        public readonly ReadOnlySpan<int> Tokens = tokens;
        public readonly ReadOnlySpan<int> Lengths = lengths;
        public readonly ReadOnlySpan<TTarget> Targets = targets;
        public readonly Span<float> Outputs = outputs;
        public readonly Span<float> OutputGradients = outputGradients;
    }
}
