namespace RnnGen.Weights;

/// <summary>
/// Bounds the memory that parsing a model's structure takes to a multiple of the file's size. Every
/// object the ONNX reader keeps (a node, a name, a dimension, an index entry) is charged an estimate of
/// its size; a file made of so many tiny fields that the total would exceed the budget is refused. An
/// exported network is mostly weights and long names and stays far below it.
/// </summary>
internal sealed class ParseBudget(long fileLength, string fileName)
{
    /// <summary>The charge for the fixed part of one node, tensor or attribute and its lists.</summary>
    public const int Record = 192;

    /// <summary>The charge for one slot of a list or an entry of an index, growth included.</summary>
    public const int Slot = 48;

    private const long BytesPerFileByte = 8;
    private const long Allowance = 1 << 20;

    private readonly long _limit = Allowance + (BytesPerFileByte * fileLength);
    private long _charged;

    /// <summary>Charges a string of <paramref name="utf8Length"/> bytes: an object header and up to two bytes per character.</summary>
    public void ChargeString(int utf8Length) => Charge(32 + (2L * utf8Length));

    /// <exception cref="WeightFileException">The budget is spent.</exception>
    public void Charge(long bytes)
    {
        _charged += bytes;
        if (_charged > _limit)
        {
            throw new WeightFileException(
                fileName,
                $"the model is made of more fields than its {fileLength} bytes can reasonably hold (its structure alone would take over {_limit} bytes of memory): it is not an exported network.");
        }
    }
}
