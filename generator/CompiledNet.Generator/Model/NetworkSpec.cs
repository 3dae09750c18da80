namespace CompiledNet.Generator.Model;

/// <summary>A type that encloses the network class; the generated part repeats it as a partial declaration.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>Everything the emitter needs to write one network, with no symbols or syntax kept.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="Keyword">"class" or "record".</param>
/// <param name="GeneratesConstructors">False when the user wrote constructors of their own.</param>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Keyword,
    string Name,
    LossKind Loss,
    PrecisionKind Precision,
    int InputSize,
    EquatableArray<LayerSpec> Layers,
    bool GeneratesConstructors)
{
    public LayerSpec OutputLayer => Layers[Layers.Count - 1];

    public int OutputSize => OutputLayer.OutputSize;

    public int ParameterCount => OutputLayer.WeightOffset + OutputLayer.ParameterCount;

    public string FullName
    {
        get
        {
            string name = Name;
            for (int i = ContainingTypes.Count - 1; i >= 0; i--)
            {
                name = ContainingTypes[i].Name + "." + name;
            }

            return Namespace is null ? name : Namespace + "." + name;
        }
    }
}
