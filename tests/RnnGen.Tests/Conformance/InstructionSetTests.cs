using System;
using System.Runtime.InteropServices;
using RnnGen.Kernels;
using Xunit.Abstractions;

namespace RnnGen.Tests.Conformance;

/// <summary>
/// The instruction-set matrix in CI is only worth something if each run really takes a different path:
/// this checks that the runtime's switches select the path they should.
/// </summary>
[Trait("Category", "Numeric")]
public sealed class InstructionSetTests(ITestOutputHelper output)
{
    [Fact]
    public void RuntimeSwitchesSelectThePath()
    {
        InstructionSet active = InstructionSets.Active;
        output.WriteLine($"Active instruction set: {active} ({RuntimeInformation.ProcessArchitecture})");

        if (IsDisabled("DOTNET_EnableHWIntrinsic"))
        {
            Assert.Equal(InstructionSet.Scalar, active);
        }
        else if (IsDisabled("DOTNET_EnableAVX2"))
        {
            Assert.Equal(InstructionSet.Vector128, active);
        }
        else if (IsDisabled("DOTNET_EnableAVX512"))
        {
            Assert.NotEqual(InstructionSet.Avx512, active);
            Assert.NotEqual(InstructionSet.Scalar, active);
        }
        else
        {
            Assert.NotEqual(InstructionSet.Scalar, active);
        }
    }

    private static bool IsDisabled(string variable) => Environment.GetEnvironmentVariable(variable) == "0";
}
