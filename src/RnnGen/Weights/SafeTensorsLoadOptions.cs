namespace RnnGen.Weights;

/// <summary>How <see cref="SafeTensors"/> matches a file's tensors to a network's parameters.</summary>
public sealed class SafeTensorsLoadOptions
{
    /// <summary>Maps the file's tensor names to the network's; <see cref="ParameterNameMap.Identity"/> by default.</summary>
    public ParameterNameMap Names { get; init; } = ParameterNameMap.Identity;

    /// <summary>
    /// Whether tensors that map to no parameter of the network are skipped (true) or refused (false, the
    /// default). They must still be well-formed: their offsets, shapes and dtype are checked all the same.
    /// </summary>
    public bool IgnoreExtraTensors { get; init; }
}
