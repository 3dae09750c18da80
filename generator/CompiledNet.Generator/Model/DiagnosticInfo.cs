using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.Generator.Model;

/// <summary>Where a diagnostic points, kept as plain values so the model holds no <see cref="Location"/>.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic to report, equatable so the pipeline can cache it.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
        new(descriptor, LocationInfo.From(location), arguments.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", a)).ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Select(a => (object)a).ToArray());
}

/// <summary>The parser's answer for one class: the network to emit (null when an error stops it) and what to report.</summary>
internal sealed record ParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics);
