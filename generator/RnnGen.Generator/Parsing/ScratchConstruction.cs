using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RnnGen.Generator.Parsing;

/// <summary>Whether the generated code may construct a throwaway instance of the user's class.</summary>
internal static class ScratchConstruction
{
    /// <summary>
    /// True when <c>new T()</c> runs only generated code: the user's part of the class declares no instance
    /// constructor (so the implicit parameterless one exists) and no instance field, property or event with an
    /// initializer (which would run in it). Then a scratch instance has no effect the user could observe.
    /// </summary>
    public static bool IsFreeOfUserCode(INamedTypeSymbol type) =>
        type.InstanceConstructors.All(constructor => constructor.IsImplicitlyDeclared)
        && type.InstanceConstructors.Any(constructor => constructor.Parameters.IsEmpty)
        && !type.GetMembers().Where(member => !member.IsStatic).Any(HasInitializer);

    private static bool HasInitializer(ISymbol member) =>
        member.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax() switch
        {
            VariableDeclaratorSyntax variable => variable.Initializer is not null,
            PropertyDeclarationSyntax property => property.Initializer is not null,
            _ => false,
        });
}
