using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.Generator.Parsing;

/// <summary>Turns a class carrying CompiledNet attributes into an equatable <see cref="NetworkSpec"/> and its diagnostics.</summary>
internal static class NetworkParser
{
    /// <summary>
    /// The generator's entry: the network to emit for the class behind <paramref name="context"/>, or null when the
    /// declaration has errors (the analyzer reports them).
    /// </summary>
    public static NetworkSpec? ParseForGenerator(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol type && context.TargetNode is TypeDeclarationSyntax declaration
            ? Parse(type, declaration, context.SemanticModel.Compilation, cancellationToken).Network
            : null;

    /// <summary>
    /// The declaration the analyzer reports a network's diagnostics against: the one carrying its first [Input], else
    /// its first [Dense], else its [Network]; so a class missing [Input] or [Dense] is still checked. Null for other types.
    /// </summary>
    public static (string Attribute, TypeDeclarationSyntax Declaration)? FindResponsible(ImmutableArray<AttributeData> attributes, CancellationToken cancellationToken)
    {
        foreach (string candidate in AttributeNames.ByPriority)
        {
            AttributeData? first = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == candidate && a.ApplicationSyntaxReference is not null);
            if (first?.ApplicationSyntaxReference!.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration)
            {
                return (candidate, declaration);
            }
        }

        return null;
    }

    /// <summary>Checks a network declaration; the network is null when any error was found.</summary>
    public static (NetworkSpec? Network, List<Diagnostic> Diagnostics) Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            // The attributes apply to classes only: the compiler reports a struct (a record struct, say) itself.
            return (null, new List<Diagnostic>());
        }

        ImmutableArray<AttributeData> attributes = type.GetAttributes();
        cancellationToken.ThrowIfCancellationRequested();
        var declared = DeclaredAttributes.Collect(attributes);
        if (declared.HasBrokenAttribute)
        {
            // The compiler already reports a malformed attribute; a second message would only add noise.
            return (null, new List<Diagnostic>());
        }

        var diagnostics = new List<Diagnostic>();
        Location classLocation = declaration.Identifier.GetLocation();
        string name = type.Name;

        CheckTypeShape(type, classLocation, diagnostics, cancellationToken);
        if (declared.Inputs.Count == 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MissingInput, classLocation, name));
        }

        for (int i = 1; i < declared.Inputs.Count; i++)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.DuplicateInput, LocationOf(declared.Inputs[i], cancellationToken), name));
        }

        if (declared.Layers.Count == 0)
        {
            // With layers but no [Dense], the last layer is not dense: CNET027 says so at that layer instead.
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MissingDense, classLocation, name));
        }

        DeclarationChecks.CheckLayersInOneDeclaration(declared.Layers, name, diagnostics, cancellationToken);
        DeclarationChecks.CheckReservedNames(type, bakesWeights: ReadWeightsPath(declared.Network) is not null, diagnostics, cancellationToken);

        string? nativePrefix = DeclarationChecks.ReadNativePrefix(declared.NativeExport, name, diagnostics, cancellationToken);
        if (declared.NativeExport is not null && compilation.Options is CSharpCompilationOptions { AllowUnsafe: false })
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NativeExportNeedsUnsafe, LocationOf(declared.NativeExport, cancellationToken), name));
        }

        if (declared.NativeExport is not null && !type.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional || p.IsParams)))
        {
            // The exports' shared instance is 'new()'; the generated constructors include one, but a user's may not.
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NativeExportNeedsParameterlessConstructor, LocationOf(declared.NativeExport, cancellationToken), name));
        }

        (int inputSize, ImageShape? inputShape) = ReadInput(declared.Inputs, name, diagnostics, cancellationToken);

        LossKind loss = ReadEnum(declared.Network, "Loss", LossKind.MeanSquaredError, name, diagnostics, cancellationToken);
        PrecisionKind precision = ReadEnum(declared.Network, "Precision", PrecisionKind.Single, name, diagnostics, cancellationToken);
        var layers = LayerReader.Read(declared.Layers, inputShape, inputSize, name, LossTable.Of(loss), declared.Network, diagnostics, cancellationToken);

        NetworkSpec? network = null;
        if (!diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            network = Build(type, loss, precision, inputSize, inputShape, layers, classLocation, diagnostics);
            if (network is not null)
            {
                network = network with { NativePrefix = nativePrefix, WeightsPath = ReadWeightsPath(declared.Network) };
            }
        }

        return (network, diagnostics);
    }

    /// <summary>[Input(size)] or [Input(channels, height, width)], each size checked (CNET005).</summary>
    private static (int Size, ImageShape? Shape) ReadInput(IReadOnlyList<AttributeData> inputs, string name, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0)
        {
            return (0, null);
        }

        var arguments = inputs[0].ConstructorArguments;
        Location? location = LocationOf(inputs[0], cancellationToken);
        bool valid = true;
        foreach (TypedConstant argument in arguments)
        {
            if ((int)argument.Value! <= 0)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidSize, location, "[Input]", name, (int)argument.Value!));
                valid = false;
            }
        }

        if (arguments.Length != 3)
        {
            return ((int)arguments[0].Value!, null);
        }

        var shape = new ImageShape((int)arguments[0].Value!, (int)arguments[1].Value!, (int)arguments[2].Value!);
        long size = (long)shape.Channels * shape.Height * shape.Width;
        if (valid && size > int.MaxValue)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidSize, location, "[Input]", name, size));
            valid = false;
        }

        return valid ? (shape.Size, shape) : (0, null);
    }

    private static void CheckTypeShape(INamedTypeSymbol type, Location classLocation, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (!IsPartial(type, cancellationToken))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, classLocation, type.Name));
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer, cancellationToken))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, outer.Locations.FirstOrDefault(), outer.Name));
            }
        }

        if (type.IsStatic)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.StaticNetwork, classLocation, type.Name));
        }

        if (type.IsRecord)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.RecordNetwork, classLocation, type.Name));
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.FileLocalNotSupported, classLocation, type.Name));
                break;
            }
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GenericNotSupported, classLocation, type.Name));
                break;
            }
        }
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>Reads the [Network] property <paramref name="property"/>, an enum mirrored by <typeparamref name="TEnum"/>.</summary>
    private static TEnum ReadEnum<TEnum>(AttributeData? networkAttribute, string property, TEnum fallback, string name, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
        where TEnum : struct, Enum
    {
        if (networkAttribute is null)
        {
            return fallback;
        }

        foreach (KeyValuePair<string, TypedConstant> argument in networkAttribute.NamedArguments)
        {
            if (argument.Key == property && argument.Value.Value is int value)
            {
                if (!Enum.IsDefined(typeof(TEnum), value))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, LocationOf(networkAttribute, cancellationToken), "[Network]", name, property, value));
                    return fallback;
                }

                return (TEnum)(object)value;
            }
        }

        return fallback;
    }

    private static NetworkSpec? Build(
        INamedTypeSymbol type,
        LossKind loss,
        PrecisionKind precision,
        int inputSize,
        ImageShape? inputShape,
        List<LayerSpec> layers,
        Location classLocation,
        List<Diagnostic> diagnostics)
    {
        long parameterCount = 0;
        long fanIn = inputSize;
        foreach (LayerSpec layer in layers)
        {
            // Counted in long before placing, so that a network too large for one array cannot overflow the offsets.
            parameterCount += layer switch
            {
                DenseLayerSpec => (fanIn + 1) * layer.OutputSize,
                Conv2DLayerSpec conv => ((long)conv.PatchSize + 1) * conv.Filters,
                Pool2DLayerSpec or DropoutLayerSpec => 0,
                _ => throw new InvalidOperationException("Every layer kind counts its parameters here; " + layer.GetType().Name + " does not."),
            };
            fanIn = layer.OutputSize;
        }

        if (parameterCount > GenerationLimits.MaxParameterCount)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TooManyParameters, classLocation, type.Name, parameterCount, GenerationLimits.MaxParameterCount));
            return null;
        }

        var placed = NetworkPlanner.Place(layers, inputSize);
        bool compact = NetworkPlanner.IsCompact(placed, loss);
        if (compact && precision == PrecisionKind.Single)
        {
            NetworkPlanner.MarkVectorLayers(placed);
        }

        var containing = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(KeywordOf(outer), outer.Name));
        }

        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : UnescapedName(type.ContainingNamespace);
        bool userConstructors = type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared);
        return new NetworkSpec(
            ns,
            containing.ToEquatableArray(),
            type.Name,
            loss,
            precision,
            inputSize,
            placed.ToEquatableArray(),
            GeneratesConstructors: !userConstructors,
            IsCompact: compact,
            InputShape: inputShape);
    }

    private static string UnescapedName(INamespaceSymbol ns) =>
        ns.ContainingNamespace is { IsGlobalNamespace: false } parent ? UnescapedName(parent) + "." + ns.Name : ns.Name;

    private static string KeywordOf(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>The path [Network(Weights = ...)] names, or null when the network bakes in no weights.</summary>
    private static string? ReadWeightsPath(AttributeData? networkAttribute) =>
        networkAttribute?.NamedArguments.FirstOrDefault(a => a.Key == WeightsProperty).Value.Value as string;

    /// <summary>Where a weight-file diagnostic points: the Weights argument of [Network], else the attribute, else nowhere.</summary>
    public static Location? WeightsLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        AttributeData? networkAttribute = DeclaredAttributes.Collect(type.GetAttributes()).Network;
        if (networkAttribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return null;
        }

        AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == WeightsProperty);
        return argument?.Expression.GetLocation() ?? syntax.GetLocation();
    }

    private const string WeightsProperty = "Weights";

    internal static Location? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();
}
