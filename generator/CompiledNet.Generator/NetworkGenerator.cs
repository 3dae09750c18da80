using System;
using System.Collections.Immutable;
using System.Linq;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using CompiledNet.Generator.Weights;
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

        // Weight files reach the generator as additional files. Only the files a network names are read (a project may
        // hold other, large ones), each once per change, and a network is regenerated only when the values it bakes in differ.
        IncrementalValueProvider<string?> projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => WeightsResolver.ProjectDirectory(key => options.GlobalOptions.TryGetValue(key, out string? value) ? value : null));
        IncrementalValueProvider<EquatableArray<string>> namedPaths = networks
            .Select(static (network, _) => network.WeightsPath)
            .Collect()
            .Select(static (paths, _) => paths.OfType<string>().Distinct().OrderBy(path => path, StringComparer.Ordinal).ToEquatableArray());
        IncrementalValueProvider<ImmutableArray<WeightFileSource>> weightFiles = context.AdditionalTextsProvider
            .Where(static file => WeightFileSource.IsWeightFile(file.Path))
            .Combine(namedPaths.Combine(projectDirectory))
            .Where(static pair => pair.Right.Left.Any(path => WeightsResolver.Names(pair.Left.Path, path, pair.Right.Right)))
            .Select(static (pair, cancellationToken) => WeightFileSource.Read(pair.Left.Path, cancellationToken))
            .WithTrackingName(TrackingNames.ReadWeightFiles)
            .Collect();
        IncrementalValuesProvider<NetworkSpec> withWeights = networks
            .Combine(weightFiles.Combine(projectDirectory))
            .Select(static (pair, _) => WeightsResolver.Attach(pair.Left, pair.Right.Left, pair.Right.Right))
            .WithTrackingName(TrackingNames.BakeWeights);

        context.RegisterSourceOutput(withWeights, static (output, network) =>
        {
            output.AddSource(network.HintName, NetworkEmitter.Emit(network));
            if (network.Baked is not null)
            {
                output.AddSource(network.BakedWeightsHintName, BakedWeightsEmitter.Emit(network, network.Baked));
            }
        });
    }
}

/// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
public static class TrackingNames
{
    /// <summary>The step that turns a class into the network model it generates.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The step that reads each .cnet additional file.</summary>
    public const string ReadWeightFiles = nameof(ReadWeightFiles);

    /// <summary>The step that checks a network's weight file and attaches its values.</summary>
    public const string BakeWeights = nameof(BakeWeights);
}
