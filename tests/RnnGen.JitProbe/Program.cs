using System;
using System.Linq;
using System.Reflection;
using RnnGen.Training;

namespace RnnGen.JitProbe;

/// <summary>
/// Runs inference (one stream, and several in one multi-stream step; a bidirectional network's sequence pass) and
/// training once through every generated network in this assembly, on whichever instruction-set path the runtime
/// selects, and prints the name of each network it ran, followed by " bidirectional" for those.
/// </summary>
public static class Program
{
    private const int Steps = 3;
    private const int Batch = 2;

    // Five streams: a four-row block of the products and a single row.
    private const int Streams = 5;

    public static void Main()
    {
        MethodInfo runInference = typeof(Program).GetMethod(nameof(RunInference), BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo runMultiStream = typeof(Program).GetMethod(nameof(RunMultiStream), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (Type type in typeof(Program).Assembly.GetTypes().Where(type => type.IsDefined(typeof(RecurrentNetworkAttribute))).OrderBy(type => type.FullName, StringComparer.Ordinal))
        {
            var network = (ITrainableNetwork)Activator.CreateInstance(type)!;
            network.InitializeParameters(seed: 1);
            if (network is IBidirectionalNetwork bidirectional)
            {
                bidirectional.Forward(new float[Steps * network.InputSize], new float[Steps * network.OutputSize]);
            }
            else
            {
                runInference.MakeGenericMethod(TypeArgument(type, typeof(IRecurrentNetwork<>))).Invoke(null, [network]);
                runMultiStream.MakeGenericMethod(TypeArgument(type, typeof(IMultiStreamNetwork<>))).Invoke(null, [network]);
            }

            RunTraining(network);
            Console.WriteLine(network is IBidirectionalNetwork ? $"{type.FullName} bidirectional" : type.FullName);
        }
    }

    private static void RunInference<TState>(IRecurrentNetwork<TState> network)
        where TState : struct
    {
        var state = default(TState);
        var inputs = new float[Steps * network.InputSize];
        var outputs = new float[Steps * network.OutputSize];
        network.Step(inputs.AsSpan(0, network.InputSize), ref state, outputs.AsSpan(0, network.OutputSize));
        network.Forward(inputs, ref state, outputs);
    }

    private static Type TypeArgument(Type network, Type genericInterface) =>
        network.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface).GetGenericArguments()[0];

    private static void RunMultiStream<TStreams>(IMultiStreamNetwork<TStreams> network)
        where TStreams : class, IStreamBatch
    {
        TStreams batch = network.CreateStreamBatch(Streams);
        network.Step(new float[Streams * network.InputSize], batch, new float[Streams * network.OutputSize]);
    }

    private static void RunTraining(ITrainableNetwork network)
    {
        ITrainingTape tape = network.CreateTape(Steps, Batch);
        var inputs = new float[Batch * Steps * network.InputSize];
        var outputs = new float[Batch * Steps * network.OutputSize];
        network.ForwardTraining(tape, inputs, [Steps, Steps - 1], outputs);
        network.Backward(tape, outputs, new float[network.ParameterCount], new float[inputs.Length]);
    }
}
