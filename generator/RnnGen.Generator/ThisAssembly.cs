using System.Reflection;

namespace RnnGen.Generator;

internal static class ThisAssembly
{
    /// <summary>The generator's version, stamped into <c>[GeneratedCode]</c>.</summary>
    public static readonly string Version = typeof(ThisAssembly).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
