using System.Linq;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Model;

/// <summary>A type that encloses the network class; the generated part repeats it as a partial declaration.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>Everything the emitter needs to write one network, with no symbols or syntax kept.</summary>
/// <param name="Namespace">The namespace, dotted and unescaped, or null for the global namespace.</param>
/// <param name="Name">The class name, unescaped (the emitter adds '@' to keywords).</param>
/// <param name="GeneratesConstructors">False when the user wrote constructors of their own.</param>
/// <param name="IsCompact">
/// Small enough for Forward, Backward and TrainSample to hold every value in a local, in one straight-line method
/// (see <see cref="Planning.NetworkPlanner.IsCompact"/>).
/// </param>
/// <param name="InputShape">The input image's channels × height × width, or null for a flat input.</param>
/// <param name="NativePrefix">The C prefix of [NativeExport], or null when the network is not exported.</param>
/// <param name="WeightsPath">The weight file [Network(Weights = ...)] names, or null.</param>
/// <param name="Baked">The values of that file, once it passed every check; null without one or when it failed.</param>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    LossKind Loss,
    PrecisionKind Precision,
    int InputSize,
    EquatableArray<LayerSpec> Layers,
    bool GeneratesConstructors,
    bool IsCompact,
    ImageShape? InputShape = null,
    string? NativePrefix = null,
    string? WeightsPath = null,
    BakedWeights? Baked = null)
{
    public LayerSpec OutputLayer => Layers[Layers.Count - 1];

    public int OutputSize => OutputLayer.OutputSize;

    public int ParameterCount => OutputLayer.ParameterOffset + OutputLayer.ParameterCount;

    public LossEntry LossEntry => LossTable.Of(Loss);

    /// <summary>A layer draws dropout masks: the network owns a dropout generator, and training calls reserve samples of it.</summary>
    public bool HasDropout => Layers.Any(layer => layer.HasDropout);

    /// <summary>The input as the class summary and NetworkArchitecture.Description spell it: "784" or "1x28x28".</summary>
    public string InputText => InputShape?.ToString() ?? InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The file name of the generated source: the unescaped namespace, then the containing types and the class
    /// joined by '+' (as in metadata), so a nested A.B+Net never collides with a namespaced A.B.Net.
    /// </summary>
    public string HintName
    {
        get
        {
            string name = Name;
            for (int i = ContainingTypes.Count - 1; i >= 0; i--)
            {
                name = ContainingTypes[i].Name + "+" + name;
            }

            return (Namespace is null ? name : Namespace + "." + name) + ".g.cs";
        }
    }

    /// <summary>The file of the baked-in parameters, beside <see cref="HintName"/>.</summary>
    public string BakedWeightsHintName => HintName.Substring(0, HintName.Length - ".g.cs".Length) + ".BakedWeights.g.cs";
}
