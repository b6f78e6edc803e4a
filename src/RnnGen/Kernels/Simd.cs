using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using RnnGen.Numerics;

namespace RnnGen.Kernels;

/// <summary>
/// One vector width, for kernels written once and specialized by the JIT per width (value-type
/// generics), the way System.Numerics.Tensors writes its operators.
/// </summary>
internal interface ISimd<TSelf>
    where TSelf : struct, ISimd<TSelf>
{
    static abstract int Count { get; }

    static abstract TSelf Load(ref float source, int offset);

    static abstract void Store(TSelf value, ref float destination, int offset);

    static abstract TSelf Broadcast(float value);

    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary><c>a * b + c</c>, fused where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Subtract(TSelf a, TSelf b);

    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>max(x, 0).</summary>
    static abstract TSelf Relu(TSelf x);

    /// <summary><see cref="FastMath"/>'s sigmoid at this width, the one the generated single-stream kernels call.</summary>
    static abstract TSelf Sigmoid(TSelf x);

    /// <summary><see cref="FastMath"/>'s tanh at this width.</summary>
    static abstract TSelf Tanh(TSelf x);
}

internal readonly struct Simd512(Vector512<float> value) : ISimd<Simd512>
{
    private readonly Vector512<float> _value = value;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(ref float source, int offset) => new(Vector512.LoadUnsafe(ref source, (nuint)offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512 value, ref float destination, int offset) => value._value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Add(Simd512 a, Simd512 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Vector512.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Subtract(Simd512 a, Simd512 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Multiply(Simd512 a, Simd512 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Relu(Simd512 x) => new(Vector512.Max(x._value, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Sigmoid(Simd512 x) => new(FastMath.Sigmoid(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Tanh(Simd512 x) => new(FastMath.Tanh(x._value));
}

internal readonly struct Simd256(Vector256<float> value) : ISimd<Simd256>
{
    private readonly Vector256<float> _value = value;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(ref float source, int offset) => new(Vector256.LoadUnsafe(ref source, (nuint)offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256 value, ref float destination, int offset) => value._value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Add(Simd256 a, Simd256 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Vector256.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Subtract(Simd256 a, Simd256 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Multiply(Simd256 a, Simd256 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Relu(Simd256 x) => new(Vector256.Max(x._value, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Sigmoid(Simd256 x) => new(FastMath.Sigmoid(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Tanh(Simd256 x) => new(FastMath.Tanh(x._value));
}

internal readonly struct Simd128(Vector128<float> value) : ISimd<Simd128>
{
    private readonly Vector128<float> _value = value;

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Load(ref float source, int offset) => new(Vector128.LoadUnsafe(ref source, (nuint)offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128 value, ref float destination, int offset) => value._value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Add(Simd128 a, Simd128 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 MultiplyAdd(Simd128 a, Simd128 b, Simd128 c) => new(Vector128.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Subtract(Simd128 a, Simd128 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Multiply(Simd128 a, Simd128 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Relu(Simd128 x) => new(Vector128.Max(x._value, Vector128<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Sigmoid(Simd128 x) => new(FastMath.Sigmoid(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Tanh(Simd128 x) => new(FastMath.Tanh(x._value));
}

/// <summary>Width 1: plain floats, for the scalar path.</summary>
internal readonly struct Scalar(float value) : ISimd<Scalar>
{
    private readonly float _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Load(ref float source, int offset) => new(Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Scalar value, ref float destination, int offset) => Unsafe.Add(ref destination, offset) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Broadcast(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Add(Scalar a, Scalar b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar MultiplyAdd(Scalar a, Scalar b, Scalar c) => new((a._value * b._value) + c._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Subtract(Scalar a, Scalar b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Multiply(Scalar a, Scalar b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Relu(Scalar x) => new(MathF.Max(x._value, 0f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Sigmoid(Scalar x) => new(FastMath.Sigmoid(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar Tanh(Scalar x) => new(FastMath.Tanh(x._value));
}
