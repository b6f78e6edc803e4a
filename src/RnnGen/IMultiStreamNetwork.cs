using System;

namespace RnnGen;

/// <summary>
/// The states of many independent streams (audio channels, sensors, users) that one network steps
/// together, one row per stream. The generated class's <c>StreamBatch</c> implements it.
/// </summary>
public interface IStreamBatch
{
    /// <summary>The number of streams, fixed when the batch was created.</summary>
    int Streams { get; }

    /// <summary>Sets every stream's state back to zero.</summary>
    void Reset();

    /// <summary>Sets one stream's state back to zero, for example when a new sequence starts on that channel.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stream"/> is not 0 to <see cref="Streams"/> − 1.</exception>
    void Reset(int stream);
}

/// <summary>A generated network that steps many independent streams in one call.</summary>
/// <typeparam name="TStreams">The generated <c>StreamBatch</c> class.</typeparam>
public interface IMultiStreamNetwork<TStreams> : IRecurrentNetwork
    where TStreams : class, IStreamBatch
{
    /// <summary>Creates the states (zero) and workspace for <paramref name="streams"/> streams of this network.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streams"/> is below 1 or too large to allocate.</exception>
    TStreams CreateStreamBatch(int streams);

    /// <summary>Runs one time step of every stream, <c>[S, InputSize]</c> in and <c>[S, OutputSize]</c> out, without allocating.</summary>
    void Step(ReadOnlySpan<float> inputs, TStreams streams, Span<float> outputs);
}
