using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using CompiledNet.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompiledNet.Generator;

/// <summary>
/// Reports what is wrong with a network declaration (CNET001...). It runs the generator's own parser, but as an
/// analyzer its diagnostics point into the real syntax trees, so #pragma warning disable and editor squiggles work,
/// and the generator's pipeline stays free of locations and cacheable.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToImmutableArray();

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        // The generated part carries [GeneratedCode] on the type, which marks every part of a partial type as
        // generated: without this, a network's warnings (CNET009) would be skipped once its code exists.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (NetworkParser.FindResponsible(type.GetAttributes(), context.CancellationToken) is not { } responsible)
        {
            return;
        }

        foreach (Diagnostic diagnostic in NetworkParser.Parse(type, responsible.Declaration, context.Compilation, context.CancellationToken).Diagnostics)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
