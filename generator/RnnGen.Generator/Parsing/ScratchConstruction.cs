using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RnnGen.Generator.Parsing;

/// <summary>Whether the generated code may construct a throwaway instance of the user's class.</summary>
internal static class ScratchConstruction
{
    /// <summary>
    /// True when <c>new T()</c> compiles and runs only generated code: the class is not abstract, derives from
    /// <c>object</c> (a base class's constructor is user code), declares no instance constructor (so the implicit
    /// parameterless one exists), no finalizer, no <c>required</c> member, and no instance field, property or event
    /// with an initializer (which would run in the constructor). Then a scratch instance has no effect the user
    /// could observe.
    /// </summary>
    public static bool IsFreeOfUserCode(INamedTypeSymbol type) =>
        !type.IsAbstract
        && type.BaseType?.SpecialType == SpecialType.System_Object
        && type.InstanceConstructors.All(constructor => constructor.IsImplicitlyDeclared)
        && type.InstanceConstructors.Any(constructor => constructor.Parameters.IsEmpty)
        && !type.GetMembers().Any(member => member is IMethodSymbol { MethodKind: MethodKind.Destructor })
        && !type.GetMembers().Where(member => !member.IsStatic).Any(member => IsRequired(member) || HasInitializer(member));

    private static bool IsRequired(ISymbol member) => member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true };

    private static bool HasInitializer(ISymbol member) =>
        member.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax() switch
        {
            VariableDeclaratorSyntax variable => variable.Initializer is not null,
            PropertyDeclarationSyntax property => property.Initializer is not null,
            _ => false,
        });
}
