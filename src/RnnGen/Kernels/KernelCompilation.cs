using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RnnGen.Kernels;

/// <summary>Compiles a generated network's step methods ahead of their first call, for generated code.</summary>
/// <remarks>
/// The step methods are marked <see cref="MethodImplOptions.AggressiveOptimization"/>, so the JIT compiles
/// them fully optimized at once, but only when first called: the first <c>Step</c> would wait a millisecond
/// or more per layer for the JIT. Compiling them when the first network of a type is constructed makes that
/// first step run at nearly its steady speed. Under NativeAOT everything is compiled already and this does nothing.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelCompilation
{
    /// <summary>Compiles every method of <paramref name="type"/> named in <paramref name="methodNames"/> (all overloads).</summary>
    public static void Prepare(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type type,
        ReadOnlySpan<string> methodNames)
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return;
        }

        foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (methodNames.Contains(method.Name))
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }
}
