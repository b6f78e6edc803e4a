namespace RnnGen.Kernels;

/// <summary>The code path a generated network runs on.</summary>
public enum InstructionSet
{
    /// <summary>Plain scalar code: runs anywhere, including with hardware intrinsics disabled.</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE on x64, AdvSimd on ARM64), multiply-add fused where the hardware has it.</summary>
    Vector128,

    /// <summary>256-bit vectors with fused multiply-add (x64 with AVX2 and FMA).</summary>
    Avx2,

    /// <summary>512-bit vectors (x64 with AVX-512F), fused multiply-add.</summary>
    Avx512,
}
