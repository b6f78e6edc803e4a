using System;
using System.IO;

namespace RnnGen.Training;

/// <summary>The header every optimizer's saved state starts with, and the checks every step makes.</summary>
internal static class OptimizerState
{
    private const int FormatVersion = 1;

    public static void WriteHeader(BinaryWriter writer, string kind, int parameterCount, long stepCount, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(kind);
        writer.Write(FormatVersion);
        writer.Write(parameterCount);
        writer.Write(stepCount);
        writer.Write(learningRate);
    }

    /// <summary>Reads and checks a header; returns the step count and learning rate it holds.</summary>
    public static (long StepCount, double LearningRate) ReadHeader(BinaryReader reader, string kind, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        BinarySingles.ExpectTag(reader, kind, "optimizer state");
        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The {kind} state has format version {version}; this library reads version {FormatVersion}.");
        }

        int storedCount = reader.ReadInt32();
        if (storedCount != parameterCount)
        {
            throw new InvalidDataException($"The {kind} state is for {storedCount} parameters; this optimizer has {parameterCount}.");
        }

        long stepCount = reader.ReadInt64();
        if (stepCount < 0)
        {
            throw new InvalidDataException($"The {kind} state has a negative step count ({stepCount}).");
        }

        return (stepCount, reader.ReadDouble());
    }

    public static void CheckStep(int parametersLength, int gradientsLength, int parameterCount)
    {
        if (parametersLength != parameterCount)
        {
            throw new ArgumentException($"parameters must have the optimizer's {parameterCount} values, but has {parametersLength}.", "parameters");
        }

        if (gradientsLength != parameterCount)
        {
            throw new ArgumentException($"gradients must have the optimizer's {parameterCount} values, but has {gradientsLength}.", "gradients");
        }
    }

    public static void CheckHyperparameter(double value, string name, double minimum, double exclusiveMaximum = double.PositiveInfinity)
    {
        if (!(value >= minimum && value < exclusiveMaximum))
        {
            string range = double.IsPositiveInfinity(exclusiveMaximum) ? $"at least {minimum}" : $"in [{minimum}, {exclusiveMaximum})";
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
    }
}
