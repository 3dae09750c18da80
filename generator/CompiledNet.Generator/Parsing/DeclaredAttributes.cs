using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>The CompiledNet attributes on one class, sorted by kind, in declaration order.</summary>
internal sealed class DeclaredAttributes
{
    private DeclaredAttributes(AttributeData? network, AttributeData? nativeExport, List<AttributeData> inputs, List<AttributeData> layers, bool hasBrokenAttribute)
    {
        Network = network;
        NativeExport = nativeExport;
        Inputs = inputs;
        Layers = layers;
        HasBrokenAttribute = hasBrokenAttribute;
    }

    public AttributeData? Network { get; }

    /// <summary>[NativeExport], when the network is exported as C functions.</summary>
    public AttributeData? NativeExport { get; }

    public IReadOnlyList<AttributeData> Inputs { get; }

    /// <summary>Every layer attribute ([Dense], [Conv2D], [MaxPool2D], [AvgPool2D], [Dropout]) in declaration order.</summary>
    public IReadOnlyList<AttributeData> Layers { get; }

    /// <summary>An attribute the compiler could not bind (missing or mistyped arguments); it reports that itself.</summary>
    public bool HasBrokenAttribute { get; }

    public static DeclaredAttributes Collect(ImmutableArray<AttributeData> attributes)
    {
        AttributeData? network = null;
        AttributeData? nativeExport = null;
        var inputs = new List<AttributeData>();
        var layers = new List<AttributeData>();
        bool broken = false;
        foreach (AttributeData attribute in attributes)
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            bool isLayer = System.Array.IndexOf(AttributeNames.Layers, name) >= 0;
            if (!isLayer && name is not (AttributeNames.Network or AttributeNames.Input or AttributeNames.NativeExport))
            {
                continue;
            }

            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                broken = true;
                continue;
            }

            if (isLayer)
            {
                layers.Add(attribute);
                continue;
            }

            switch (name)
            {
                case AttributeNames.Network:
                    network ??= attribute;
                    break;
                case AttributeNames.NativeExport:
                    nativeExport ??= attribute;
                    break;
                case AttributeNames.Input:
                    inputs.Add(attribute);
                    break;
            }
        }

        return new DeclaredAttributes(network, nativeExport, inputs, layers, broken);
    }
}
