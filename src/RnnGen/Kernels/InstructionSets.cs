using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnGen.Kernels;

/// <summary>Chooses the code path that generated networks run on.</summary>
public static class InstructionSets
{
    /// <summary>
    /// The widest path this process can run. Every check here is a JIT-time constant, so in optimized
    /// code a <c>switch</c> on this property leaves only the chosen branch. The runtime's switches
    /// force the narrower paths: <c>DOTNET_EnableAVX512=0</c> gives <see cref="InstructionSet.Avx2"/>,
    /// <c>DOTNET_EnableAVX2=0</c> gives <see cref="InstructionSet.Vector128"/> and
    /// <c>DOTNET_EnableHWIntrinsic=0</c> gives <see cref="InstructionSet.Scalar"/>.
    /// </summary>
    public static InstructionSet Active
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (Vector512.IsHardwareAccelerated)
            {
                return InstructionSet.Avx512;
            }

            if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            {
                return InstructionSet.Avx2;
            }

            return Vector128.IsHardwareAccelerated ? InstructionSet.Vector128 : InstructionSet.Scalar;
        }
    }
}
