using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using RnnGen.Generator;

namespace RnnGen.Tests.Generator;

/// <summary>
/// The values flowing through the pipeline must hold no symbol, syntax or compilation: those are never
/// equal across runs, and would defeat the incremental cache (and keep compilations alive).
/// </summary>
public sealed class ModelIsSymbolFreeTests
{
    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location), typeof(AttributeData) };

    [Theory]
    [InlineData("RnnGen.Generator.Model.ParseResult")]
    [InlineData("RnnGen.Generator.Model.NetworkModel")]
    [InlineData("RnnGen.Generator.Model.WeightsFile")]
    public void PipelineValueHoldsNoCompilationData(string typeName)
    {
        Type root = typeof(RecurrentNetworkGenerator).Assembly.GetType(typeName, throwOnError: true)!;
        var offenders = new List<string>();
        Walk(root, root.Name, new HashSet<Type>(), offenders);

        Assert.Empty(offenders);
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> offenders)
    {
        if (Forbidden.Any(forbidden => forbidden.IsAssignableFrom(type)))
        {
            offenders.Add($"{path}: {type.Name}");
            return;
        }

        if (type.IsPrimitive || type == typeof(string) || type.IsEnum || !seen.Add(type))
        {
            return;
        }

        foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
        {
            Walk(argument, $"{path}<{argument.Name}>", seen, offenders);
        }

        if (type.Namespace?.StartsWith("RnnGen", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, $"{path}.{field.Name}", seen, offenders);
        }
    }
}
