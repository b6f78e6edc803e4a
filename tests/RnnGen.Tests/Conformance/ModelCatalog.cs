using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using RnnGen.Tests.Reference;

namespace RnnGen.Tests.Conformance;

/// <summary>The generated networks of the conformance table, and what the tests need to know about each.</summary>
internal static class ModelCatalog
{
    public static IReadOnlyList<Type> All { get; } = typeof(ModelCatalog).Assembly.GetTypes()
        .Where(type => type.Namespace == "RnnGen.Tests.Conformance.Models" && type.GetCustomAttribute<RecurrentNetworkAttribute>() is not null)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    public static Type Find(string name) => All.Single(type => type.Name == name);

    /// <summary>The shape the reference implementation should build, read from the class's own attribute.</summary>
    public static NetworkShape ShapeOf(Type network)
    {
        var attribute = network.GetCustomAttribute<RecurrentNetworkAttribute>()!;
        return new NetworkShape(
            attribute.Cell,
            attribute.InputSize,
            attribute.HiddenSize,
            attribute.Layers,
            attribute.OutputSize,
            attribute.OutputActivation,
            attribute.Nonlinearity)
        {
            Bidirectional = attribute.Bidirectional,

            // The compiler writes attributes to metadata in source order, which reflection keeps: the order the layers stack in.
            StackedLayers = network.GetCustomAttributes<RecurrentLayerAttribute>()
                .Select(layer => new StackedLayer(layer.Cell, layer.HiddenSize, layer.Nonlinearity))
                .ToArray(),
        };
    }

    /// <summary>PyTorch's default scale, ±1/√H: the regime trained networks live in, where float rounding does not grow chaotically over a sequence.</summary>
    public static Dictionary<string, float[]> RandomParameters(NetworkShape shape, int seed) =>
        ReferenceNetwork.RandomParameters(shape, seed, 1f / MathF.Sqrt(shape.HiddenSize));

    public static float[] RandomInputs(int count, int seed, float scale = 2f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
    }

    public static TNetwork CreateWith<TNetwork>(IReadOnlyDictionary<string, float[]> parameters)
        where TNetwork : IRecurrentNetwork, new()
    {
        var network = new TNetwork();
        foreach (var (name, values) in parameters)
        {
            network.SetParameter(name, values);
        }

        return network;
    }

    /// <summary>Calls a generic test body <c>Method&lt;TNetwork, TState&gt;</c> for one network class.</summary>
    public static void InvokeGeneric(Type owner, string method, Type network, params object[] arguments)
    {
        MethodInfo body = owner.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)!
            .MakeGenericMethod(network, network.GetNestedType("State")!);
        try
        {
            body.Invoke(null, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
        }
    }
}
