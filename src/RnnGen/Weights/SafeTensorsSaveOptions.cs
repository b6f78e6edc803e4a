using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>How <see cref="SafeTensors"/> names and annotates the tensors it writes.</summary>
public sealed class SafeTensorsSaveOptions
{
    /// <summary>Maps the network's parameter names to the file's; <see cref="ParameterNameMap.Identity"/> by default.</summary>
    public ParameterNameMap Names { get; init; } = ParameterNameMap.Identity;

    /// <summary>
    /// Free-form text written to the header's <c>__metadata__</c>, after <c>"format": "pt"</c> (which a
    /// <c>format</c> entry here replaces).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
