using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using CompiledNet.Generator.Weights;
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

        (NetworkSpec? network, List<Diagnostic> diagnostics) = NetworkParser.Parse(type, responsible.Declaration, context.Compilation, context.CancellationToken);
        foreach (Diagnostic diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic);
        }

        if (network?.WeightsPath is { } weightsPath)
        {
            CheckWeights(context, type, network, weightsPath);
        }
    }

    /// <summary>The generator bakes in only a weight file that passes these same checks; here each failure gets its CNET error.</summary>
    private static void CheckWeights(SymbolAnalysisContext context, INamedTypeSymbol type, NetworkSpec network, string weightsPath)
    {
        string? projectDirectory = WeightsResolver.ProjectDirectory(
            key => context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out string? value) ? value : null);

        // Only the file the attribute names is read, so a project's other weight files cost this network nothing.
        WeightFileSource[] files = context.Options.AdditionalFiles
            .Where(file => WeightFileSource.IsWeightFile(file.Path) && WeightsResolver.Names(file.Path, weightsPath, projectDirectory))
            .Select(file => WeightFileSource.Read(file.Path, context.CancellationToken))
            .ToArray();
        WeightsResolution resolution = WeightsResolver.Resolve(network, weightsPath, files, projectDirectory);
        if (resolution.ToDiagnostic(NetworkParser.WeightsLocation(type, context.CancellationToken)) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
