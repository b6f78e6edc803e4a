namespace RnnGen.Generator.Model;

/// <summary>A network's <c>Weights</c> argument: the file it names, and where to report a problem with it.</summary>
internal sealed record WeightsRequest(string FileName, LocationInfo? Location);

/// <summary>The weights embedded in a network.</summary>
/// <param name="FileName">The file as the attribute names it (not its full path, which differs between machines and would make the output differ too).</param>
/// <param name="ParameterBits">The float bit pattern of every parameter, in the canonical (PyTorch <c>state_dict</c>) order.</param>
internal sealed record EmbeddedWeights(string FileName, EquatableArray<int> ParameterBits);
