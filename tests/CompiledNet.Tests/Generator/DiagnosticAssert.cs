using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>Checks on the diagnostics one generator run reported.</summary>
internal static class DiagnosticAssert
{
    /// <summary>
    /// Asserts the run reported exactly one <paramref name="id"/>, with <paramref name="severity"/>, pointing at
    /// <paramref name="locatedText"/> on 1-based <paramref name="line"/>; returns its message.
    /// </summary>
    public static string Single(GeneratorOutput output, string id, DiagnosticSeverity severity, string locatedText, int line)
    {
        Assert.Empty(output.Exceptions);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics, d => d.Id == id);
        // The harness compiles with warnings as errors, so a warning arrives promoted; its descriptor keeps the severity.
        Assert.Equal(severity, diagnostic.DefaultSeverity);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(severity == DiagnosticSeverity.Warning, diagnostic.IsWarningAsError);
        Assert.Equal(locatedText, TextAt(output.Compilation, diagnostic.Location));
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        return diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The user source a diagnostic points at. The generator rebuilds locations from plain values, so they may not
    /// carry their syntax tree; find it by path instead.
    /// </summary>
    public static string TextAt(Compilation compilation, Location location)
    {
        string path = location.GetLineSpan().Path;
        SyntaxTree tree = Assert.Single(compilation.SyntaxTrees, t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }

    /// <summary>Asserts that an error stopped the generator from adding any source.</summary>
    public static void NoSource(GeneratorOutput output)
    {
        Assert.Contains(output.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.Sources.Keys);
    }

    /// <summary>The ids reported, sorted, for comparing a run's full set of diagnostics.</summary>
    public static string[] Ids(GeneratorOutput output) =>
        output.Diagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal).ToArray();
}
