using System;

namespace RnnGen.Weights;

/// <summary>
/// What <see cref="IRecurrentNetwork"/> does not expose but an ONNX model states: the RNN nonlinearity
/// and the head's activation, read from the class's <see cref="RecurrentNetworkAttribute"/>.
/// </summary>
internal static class NetworkDeclaration
{
    /// <summary>The attribute on the network's class or a base class, or null for a hand-written network.</summary>
    public static RecurrentNetworkAttribute? Find(IRecurrentNetwork network)
    {
        for (Type? type = network.GetType(); type is not null; type = type.BaseType)
        {
            if (Attribute.GetCustomAttributes(type, typeof(RecurrentNetworkAttribute), inherit: false) is [RecurrentNetworkAttribute declaration])
            {
                return declaration;
            }
        }

        return null;
    }
}
