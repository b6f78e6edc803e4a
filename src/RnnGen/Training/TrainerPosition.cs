using System.IO;

namespace RnnGen.Training;

/// <summary>
/// Where a trainer stands between epochs: everything besides the parameters and the optimizer state that a
/// resumed run needs to continue exactly as if it had never stopped.
/// </summary>
internal sealed class TrainerPosition
{
    public const int Unknown = -1;

    public int CompletedEpochs { get; set; }

    /// <summary>Optimizer steps over all epochs: what a learning-rate schedule is given.</summary>
    public long OptimizerSteps { get; set; }

    /// <summary>The shuffling generator's state after the last completed epoch.</summary>
    public ulong ShuffleState { get; set; }

    public bool StoppedEarly { get; set; }

    /// <summary>The epoch (from 1) with the lowest validation loss so far; 0 before any validation.</summary>
    public int BestEpoch { get; set; }

    public double BestValidationLoss { get; set; } = double.PositiveInfinity;

    public double BestValidationMetric { get; set; } = double.NaN;

    public int EpochsWithoutImprovement { get; set; }

    /// <summary>The parameters of <see cref="BestEpoch"/>, when there is one.</summary>
    public float[]? BestParameters { get; set; }

    public double LastTrainingLoss { get; set; } = double.NaN;

    public double LastValidationLoss { get; set; } = double.NaN;

    public double LastValidationMetric { get; set; } = double.NaN;

    /// <summary>The sizes of the data sets trained on, so that a resumed run can refuse different ones.</summary>
    public int TrainingSequences { get; set; } = Unknown;

    public int ValidationSequences { get; set; } = Unknown;

    public void Write(BinaryWriter writer)
    {
        writer.Write(CompletedEpochs);
        writer.Write(OptimizerSteps);
        writer.Write(ShuffleState);
        writer.Write(StoppedEarly);
        writer.Write(BestEpoch);
        writer.Write(BestValidationLoss);
        writer.Write(BestValidationMetric);
        writer.Write(EpochsWithoutImprovement);
        writer.Write(LastTrainingLoss);
        writer.Write(LastValidationLoss);
        writer.Write(LastValidationMetric);
        writer.Write(TrainingSequences);
        writer.Write(ValidationSequences);
        writer.Write(BestParameters is not null);
        if (BestParameters is not null)
        {
            BinarySingles.Write(writer, BestParameters);
        }
    }

    public static TrainerPosition Read(BinaryReader reader, int parameterCount)
    {
        var position = new TrainerPosition
        {
            CompletedEpochs = reader.ReadInt32(),
            OptimizerSteps = reader.ReadInt64(),
            ShuffleState = reader.ReadUInt64(),
            StoppedEarly = reader.ReadBoolean(),
            BestEpoch = reader.ReadInt32(),
            BestValidationLoss = reader.ReadDouble(),
            BestValidationMetric = reader.ReadDouble(),
            EpochsWithoutImprovement = reader.ReadInt32(),
            LastTrainingLoss = reader.ReadDouble(),
            LastValidationLoss = reader.ReadDouble(),
            LastValidationMetric = reader.ReadDouble(),
            TrainingSequences = reader.ReadInt32(),
            ValidationSequences = reader.ReadInt32(),
        };
        if (reader.ReadBoolean())
        {
            position.BestParameters = BinarySingles.Read(reader, parameterCount, "best parameters");
        }

        if (position.CompletedEpochs < 0 || position.OptimizerSteps < 0 || position.BestEpoch < 0 || position.EpochsWithoutImprovement < 0)
        {
            throw new InvalidDataException("The checkpoint's training position has negative counts.");
        }

        return position;
    }
}
