using System;
using System.Runtime.CompilerServices;

namespace RnnGen.Bench;

/// <summary>
/// Calls a network's <c>Step</c> directly, as user code does. Through <see cref="IRecurrentNetwork{TState}"/>
/// the first call would also time the interface dispatch's first resolution and the JIT of the interface
/// method; a value type per model makes the measuring method's instantiation exact, so the call is direct.
/// </summary>
public interface IDirectStep<TNetwork, TState>
    where TState : struct
{
    void Step(TNetwork network, ReadOnlySpan<float> input, ref TState state, Span<float> output);
}

public readonly struct Lstm8Step : IDirectStep<Lstm8, Lstm8.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm8 network, ReadOnlySpan<float> input, ref Lstm8.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm16Step : IDirectStep<Lstm16, Lstm16.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm16 network, ReadOnlySpan<float> input, ref Lstm16.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm32Step : IDirectStep<Lstm32, Lstm32.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm32 network, ReadOnlySpan<float> input, ref Lstm32.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm64Step : IDirectStep<Lstm64, Lstm64.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm64 network, ReadOnlySpan<float> input, ref Lstm64.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm128Step : IDirectStep<Lstm128, Lstm128.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm128 network, ReadOnlySpan<float> input, ref Lstm128.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Gru8Step : IDirectStep<Gru8, Gru8.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Gru8 network, ReadOnlySpan<float> input, ref Gru8.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Gru16Step : IDirectStep<Gru16, Gru16.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Gru16 network, ReadOnlySpan<float> input, ref Gru16.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Gru32Step : IDirectStep<Gru32, Gru32.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Gru32 network, ReadOnlySpan<float> input, ref Gru32.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Gru64Step : IDirectStep<Gru64, Gru64.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Gru64 network, ReadOnlySpan<float> input, ref Gru64.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Gru128Step : IDirectStep<Gru128, Gru128.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Gru128 network, ReadOnlySpan<float> input, ref Gru128.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Rnn32Step : IDirectStep<Rnn32, Rnn32.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Rnn32 network, ReadOnlySpan<float> input, ref Rnn32.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm8x32Head4Step : IDirectStep<Lstm8x32Head4, Lstm8x32Head4.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm8x32Head4 network, ReadOnlySpan<float> input, ref Lstm8x32Head4.State state, Span<float> output) => network.Step(input, ref state, output);
}

public readonly struct Lstm64x2Step : IDirectStep<Lstm64x2, Lstm64x2.State>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(Lstm64x2 network, ReadOnlySpan<float> input, ref Lstm64x2.State state, Span<float> output) => network.Step(input, ref state, output);
}
