using System.Collections.Generic;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;

namespace CompiledNet.Generator.Tables;

/// <summary>
/// Writes a loss inline into a compact method, from the output layer's locals, and returns the names of the
/// gradients the output layer starts from (dLoss/dy, or dLoss/dz where fused).
/// </summary>
internal delegate List<string> InlineLossWriter(IndentedWriter w, Scalar s, DenseLayerSpec outputLayer);

/// <summary>Everything the generator knows of one loss; <see cref="LossTable"/> holds one per kind.</summary>
internal sealed class LossEntry
{
    public LossEntry(LossKind kind) => Kind = kind;

    public LossKind Kind { get; }

    /// <summary>
    /// The output activation the loss requires (CNET007 otherwise). The two are fused: the loss reads z and hands
    /// back dLoss/dz directly, which is simpler and stays finite where the separate derivatives would not.
    /// </summary>
    public ActivationKind? RequiredOutput { get; init; }

    /// <summary>
    /// The method of CompiledNet.Generated.Losses that computes one sample's loss and writes its gradient: its
    /// arguments are (z, y, target, dLoss/dz) when fused, else (y, target, dLoss/dy).
    /// </summary>
    public string RuntimeMethod { get; init; } = "";

    /// <summary>The loss written out in a compact method; null where it is not (the network is then never compact).</summary>
    public InlineLossWriter? Inline { get; init; }

    public bool IsFused => RequiredOutput is not null;
}
