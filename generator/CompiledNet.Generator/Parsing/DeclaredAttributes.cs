using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>The CompiledNet attributes on one class, sorted by kind, in declaration order.</summary>
internal sealed class DeclaredAttributes
{
    private DeclaredAttributes(AttributeData? network, List<AttributeData> inputs, List<AttributeData> denses, bool hasBrokenAttribute)
    {
        Network = network;
        Inputs = inputs;
        Denses = denses;
        HasBrokenAttribute = hasBrokenAttribute;
    }

    public AttributeData? Network { get; }

    public IReadOnlyList<AttributeData> Inputs { get; }

    public IReadOnlyList<AttributeData> Denses { get; }

    /// <summary>An attribute the compiler could not bind (missing or mistyped arguments); it reports that itself.</summary>
    public bool HasBrokenAttribute { get; }

    public static DeclaredAttributes Collect(ImmutableArray<AttributeData> attributes)
    {
        AttributeData? network = null;
        var inputs = new List<AttributeData>();
        var denses = new List<AttributeData>();
        bool broken = false;
        foreach (AttributeData attribute in attributes)
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            if (name is not (AttributeNames.Network or AttributeNames.Input or AttributeNames.Dense))
            {
                continue;
            }

            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                broken = true;
                continue;
            }

            switch (name)
            {
                case AttributeNames.Network:
                    network ??= attribute;
                    break;
                case AttributeNames.Input:
                    inputs.Add(attribute);
                    break;
                case AttributeNames.Dense:
                    denses.Add(attribute);
                    break;
            }
        }

        return new DeclaredAttributes(network, inputs, denses, broken);
    }
}
