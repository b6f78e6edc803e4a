using System;
using System.Collections.Generic;
using System.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Weights;

/// <summary>Parameters in and out of networks, and scratch directories, for the weight-file tests.</summary>
internal static class WeightTestSupport
{
    public static NetworkShape ShapeOf<TNetwork>() => ModelCatalog.ShapeOf(typeof(TNetwork));

    /// <summary>A network of <typeparamref name="TNetwork"/> with PyTorch-scale random parameters, and those parameters.</summary>
    public static (TNetwork Network, Dictionary<string, float[]> Parameters) Random<TNetwork>(int seed)
        where TNetwork : IRecurrentNetwork, new()
    {
        Dictionary<string, float[]> parameters = ModelCatalog.RandomParameters(ShapeOf<TNetwork>(), seed);
        return (ModelCatalog.CreateWith<TNetwork>(parameters), parameters);
    }

    /// <summary>Every parameter's current values, by name.</summary>
    public static Dictionary<string, float[]> Snapshot(IRecurrentNetwork network) =>
        network.ParameterNames.ToDictionary(name => name, name =>
        {
            var values = new float[network.ParameterShape(name).Aggregate(1, (a, b) => a * b)];
            network.GetParameter(name, values);
            return values;
        });

    /// <summary>Whether every parameter has bit for bit the values in <paramref name="expected"/>.</summary>
    public static bool HasParameters(IRecurrentNetwork network, IReadOnlyDictionary<string, float[]> expected)
    {
        foreach ((string name, float[] values) in Snapshot(network))
        {
            if (!values.AsSpan().SequenceEqual(expected[name]))
            {
                return false;
            }
        }

        return true;
    }

    public static void AssertParameters(IRecurrentNetwork network, IReadOnlyDictionary<string, float[]> expected)
    {
        foreach ((string name, float[] values) in Snapshot(network))
        {
            Assert.True(values.AsSpan().SequenceEqual(expected[name]), $"Parameter '{name}' differs from what was expected.");
        }
    }

    public static void SetAll(IRecurrentNetwork network, IReadOnlyDictionary<string, float[]> parameters)
    {
        foreach ((string name, float[] values) in parameters)
        {
            network.SetParameter(name, values);
        }
    }
}
