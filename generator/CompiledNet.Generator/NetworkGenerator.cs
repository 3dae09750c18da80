using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator;

/// <summary>
/// Finds classes declared with [Input]/[Dense]/[Network] and adds to each a compiled forward and backward pass.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One pipeline per attribute, so a class missing [Input] or [Dense] is still found and diagnosed;
        // the parser lets exactly one of them answer for each class.
        foreach (string attribute in AttributeNames.ByPriority)
        {
            IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax
                        or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                    (syntaxContext, cancellationToken) => NetworkParser.Parse(syntaxContext, attribute, cancellationToken))
                .Where(static result => result is not null)
                .Select(static (result, _) => result!)
                .WithTrackingName(TrackingNames.Parse);

            context.RegisterSourceOutput(results, static (output, result) => Emit(output, result));
        }
    }

    private static void Emit(SourceProductionContext output, ParseResult result)
    {
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (result.Network is { } network)
        {
            output.AddSource(NetworkEmitter.HintName(network), NetworkEmitter.Emit(network));
        }
    }
}

/// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>The step that turns a class into its parse result.</summary>
    public const string Parse = nameof(Parse);
}
