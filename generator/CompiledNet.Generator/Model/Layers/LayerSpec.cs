using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Emitting.Layers;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>
/// One layer of a network, with everything the emitters need already decided. Each layer kind is a record deriving
/// from this one and names the emitter that writes its code, so a kind cannot be added without one.
/// </summary>
/// <param name="Number">1-based position among the layers.</param>
/// <param name="InputSize">The values the layer reads: the network's input size, or the previous layer's output size.</param>
/// <param name="OutputSize">The values the layer writes.</param>
/// <param name="IsOutput">The last layer, whose output is the network's.</param>
/// <param name="ParameterOffset">Where the layer's parameters start in the flat parameter array.</param>
internal abstract record LayerSpec(int Number, int InputSize, int OutputSize, bool IsOutput, int ParameterOffset)
{
    public bool IsFirst => Number == 1;

    /// <summary>
    /// A layer before this one has parameters, so the backward pass must hand dLoss/dInput back; the first layer, and
    /// one behind only pooling or dropout, need not (see <see cref="Planning.NetworkPlanner.Place"/>).
    /// </summary>
    public bool HandsDeltaBack { get; init; }

    /// <summary>A layer without parameters that hands nothing back has no backward pass at all.</summary>
    public bool HasBackward => ParameterCount > 0 || HandsDeltaBack;

    /// <summary>The weights and biases the layer owns in the flat parameter array.</summary>
    public abstract int ParameterCount { get; }

    /// <summary>The layer writes its pre-activations z, because its derivative or the loss reads them.</summary>
    public abstract bool KeepsPreActivation { get; }

    /// <summary>
    /// The layer's part of the runtime's NetworkArchitecture.Description ("Dense 4 Tanh"), which weight files carry, so
    /// a file baked in at build time can be checked against the declaration.
    /// </summary>
    public abstract string ArchitectureText { get; }

    /// <summary>The layer draws dropout masks, so the network owns a dropout generator.</summary>
    public abstract bool HasDropout { get; }

    /// <summary>The layer's own emitter, which writes its code in every mode.</summary>
    public abstract LayerEmitter CreateEmitter(Scalar scalar);
}
