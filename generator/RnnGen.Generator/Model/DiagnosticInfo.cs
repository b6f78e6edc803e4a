using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RnnGen.Generator.Model;

/// <summary>
/// A diagnostic reduced to equatable values (no <see cref="Location"/> holding a syntax tree), so the
/// diagnostics output caches like the rest of the pipeline.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object[] messageArguments) =>
        new(descriptor, LocationInfo.From(location), new EquatableArray<string>(messageArguments.Select(a => a?.ToString() ?? string.Empty).ToImmutableArray()));

    /// <summary>A diagnostic at a location already reduced to values, as the pipeline's later steps hold it.</summary>
    public static DiagnosticInfo At(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] messageArguments) =>
        new(descriptor, location, new EquatableArray<string>(messageArguments.Select(a => a?.ToString() ?? string.Empty).ToImmutableArray()));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, MessageArguments.Select(argument => (object)argument).ToArray());
}

/// <summary>A source location as plain values.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || !location.IsInSource ? null : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
