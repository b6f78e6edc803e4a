namespace RnnGen.Generator.Emit;

/// <summary>How every layer and head kernel is compiled.</summary>
internal static class KernelAttributes
{
    /// <summary>
    /// Optimized from the first call (no Tier-0 intrinsics code on the hot path), and never inlined into
    /// its caller: a kernel inlined into the step method used up the JIT's inlining budget there, left
    /// the activation functions as calls and its accumulators on the stack (an LSTM 1→32 step ran 3×
    /// slower than the same layer behind a call).
    /// </summary>
    public const string Line = "[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]";
}
