using System.Collections.Generic;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Planning;

/// <summary>Chooses how each layer and the network are emitted: where parameters sit, what is unrolled, what is compact.</summary>
internal static class NetworkPlanner
{
    /// <summary>Fills in each layer's fan-in, where its parameters start, and whether it must hand its delta back.</summary>
    public static List<LayerSpec> Place(IReadOnlyList<LayerSpec> layers, int inputSize)
    {
        var placed = new List<LayerSpec>(layers.Count);
        int fanIn = inputSize;
        int offset = 0;
        bool parametersBefore = false;
        foreach (LayerSpec layer in layers)
        {
            LayerSpec withShape = layer with { InputSize = fanIn, ParameterOffset = offset, HandsDeltaBack = parametersBefore };
            placed.Add(withShape);
            offset += withShape.ParameterCount;
            fanIn = withShape.OutputSize;
            parametersBefore |= withShape.ParameterCount > 0;
        }

        return placed;
    }

    /// <summary>
    /// Whether the network gets the straight-line methods: only dense layers, every one unrolled, within the weight
    /// and neuron limits, no coupled activation (softmax) and a loss that can be written inline.
    /// </summary>
    public static bool IsCompact(IReadOnlyList<LayerSpec> layers, LossKind loss)
    {
        if (LossTable.Of(loss).Inline is null)
        {
            return false;
        }

        int weights = 0, neurons = 0;
        foreach (LayerSpec layer in layers)
        {
            if (layer is not DenseLayerSpec { IsUnrolled: true } dense || dense.ActivationEntry.Apply is null)
            {
                return false;
            }

            weights += dense.WeightCount;
            neurons += dense.OutputSize;
        }

        return weights <= GenerationLimits.CompactWeightLimit && neurons <= GenerationLimits.CompactNeuronLimit;
    }

    /// <summary>
    /// Marks the hidden layers of a compact float network that are computed as one Vector128: four sigmoid neurons,
    /// whose four exponentials FastSigmoid (or ApproximateSigmoid) computes at about the cost of one MathF.Exp. A vector layer's input stays
    /// scalar, so the layer after a vector layer is never one itself.
    /// </summary>
    public static void MarkVectorLayers(List<LayerSpec> layers)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            bool afterVector = i > 0 && layers[i - 1] is DenseLayerSpec { IsVector: true };
            if (layers[i] is DenseLayerSpec { IsOutput: false, Activation: ActivationKind.Sigmoid or ActivationKind.ApproximateSigmoid, OutputSize: GenerationLimits.VectorLayerWidth } dense
                && !afterVector
                && layers[i + 1] is DenseLayerSpec next)
            {
                layers[i] = dense with { IsVector = true };
                layers[i + 1] = next with { ReadsVector = true };
            }
        }
    }
}
