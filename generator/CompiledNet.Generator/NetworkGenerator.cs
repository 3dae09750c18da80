using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.Generator;

/// <summary>
/// Finds classes declared with [Input]/[Dense]/[Network] and adds to each a compiled forward and backward pass.
/// Declarations with errors generate nothing; <see cref="NetworkAnalyzer"/> reports why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every network carries [Input], so one pipeline finds them all; a class without one has errors, which the
        // analyzer reports, and generates nothing.
        IncrementalValuesProvider<NetworkSpec> networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Input,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (syntaxContext, cancellationToken) => NetworkParser.ParseForGenerator(syntaxContext, cancellationToken))
            .Where(static network => network is not null)
            .Select(static (network, _) => network!)
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(networks, static (output, network) => output.AddSource(network.HintName, NetworkEmitter.Emit(network)));
    }
}

/// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>The step that turns a class into the network model it generates.</summary>
    public const string Parse = nameof(Parse);
}
