using System.Collections.Generic;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Emitting.Compact;

/// <summary>A network the planner made compact, seen as what the straight-line code needs: dense layers and an inline loss.</summary>
internal sealed class CompactNetwork
{
    private CompactNetwork(NetworkSpec spec, List<DenseLayerSpec> layers, List<DenseLayerEmitter> emitters, InlineLossWriter loss)
    {
        Spec = spec;
        Layers = layers;
        Emitters = emitters;
        Loss = loss;
    }

    public NetworkSpec Spec { get; }

    public IReadOnlyList<DenseLayerSpec> Layers { get; }

    public IReadOnlyList<DenseLayerEmitter> Emitters { get; }

    public InlineLossWriter Loss { get; }

    public int InputSize => Spec.InputSize;

    public int ParameterCount => Spec.ParameterCount;

    public DenseLayerSpec OutputLayer => Layers[Layers.Count - 1];

    /// <summary>TrainSamples keeps every parameter in a local for the whole run (see GenerationLimits.RegisterParameterLimit).</summary>
    public bool KeepsParametersInLocals => ParameterCount <= GenerationLimits.RegisterParameterLimit;

    /// <summary>The compact view of <paramref name="network"/>, or null when it gets the per-sample methods instead.</summary>
    public static CompactNetwork? TryCreate(NetworkSpec network, Scalar s)
    {
        if (!network.IsCompact || network.LossEntry.Inline is not { } loss)
        {
            return null;
        }

        var layers = new List<DenseLayerSpec>();
        var emitters = new List<DenseLayerEmitter>();
        foreach (LayerSpec layer in network.Layers)
        {
            if (layer is not DenseLayerSpec { ActivationEntry.Apply: not null } dense)
            {
                return null;
            }

            layers.Add(dense);
            emitters.Add(new DenseLayerEmitter(dense, s));
        }

        return new CompactNetwork(network, layers, emitters, loss);
    }
}
