using System.IO;

namespace RnnGen.Training;

/// <summary>The running first and second moments of Adam and AdamW, and how they are saved.</summary>
internal sealed class AdamMoments(int parameterCount)
{
    public float[] First { get; private set; } = new float[parameterCount];

    public float[] Second { get; private set; } = new float[parameterCount];

    public void Save(BinaryWriter writer)
    {
        BinarySingles.Write(writer, First);
        BinarySingles.Write(writer, Second);
    }

    /// <summary>Reads both moments, and replaces the current ones only once both were read whole.</summary>
    public void Load(BinaryReader reader)
    {
        float[] first = BinarySingles.Read(reader, First.Length, "first moment");
        float[] second = BinarySingles.Read(reader, Second.Length, "second moment");
        First = first;
        Second = second;
    }
}
