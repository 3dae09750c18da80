using System.Collections.Generic;
using CompiledNet.Generator.Model.Layers;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// Writes one layer's code in every mode a network may need: the per-sample methods Forward, Backward and
/// TrainSample call (<see cref="Forward"/>, <see cref="Backward"/>), and the batched ones BackwardBatch calls. Each
/// layer kind has one; the network-level emitters only sequence the calls. A compact network's straight-line code
/// is dense-only (<see cref="DenseLayerEmitter"/>).
/// </summary>
internal abstract class LayerEmitter
{
    protected LayerEmitter(Scalar scalar) => S = scalar;

    public abstract LayerSpec Layer { get; }

    /// <summary>The layer in the class summary, as "Dense 4 Tanh".</summary>
    public abstract string Summary { get; }

    /// <summary>The layer in comments, as "Layer 1: Dense 2 → 4, Tanh (output)".</summary>
    public abstract string Description { get; }

    /// <summary>Where the layer's parameters sit and how it is computed, for the layout comment.</summary>
    public abstract string Layout { get; }

    /// <summary>The expression describing the layer in the network's NetworkArchitecture.</summary>
    public abstract string ArchitectureEntry { get; }

    /// <summary>The per-sample buffers training needs for this layer, in declaration order.</summary>
    public IEnumerable<(string Name, int Size)> TrainingBuffers
    {
        get
        {
            yield return (BufferNames.Activations(Layer.Number), Layer.OutputSize);
            if (Layer.KeepsPreActivation)
            {
                yield return (BufferNames.PreActivations(Layer.Number), Layer.OutputSize);
            }

            yield return (BufferNames.Delta(Layer.Number), Layer.OutputSize);
        }
    }

    protected Scalar S { get; }

    /// <summary>Draws the layer's weights into the array <c>parameters</c> from the local <c>random</c> (biases stay zero).</summary>
    public abstract void WriteInitialization(IndentedWriter w);

    /// <summary>The per-sample forward method, called from <paramref name="site"/>.</summary>
    public abstract LayerMethod Forward(LayerCallSite site);

    /// <summary>The per-sample backward method, called from Backward or TrainSample.</summary>
    public abstract LayerMethod Backward(BackwardMode mode);

    /// <summary>The forward method over a batch of rows, called from BackwardBatch.</summary>
    public abstract LayerMethod ForwardBatch();

    /// <summary>The backward method over a batch of rows, called from BackwardBatch.</summary>
    public abstract LayerMethod BackwardBatch();

    public void WriteForward(IndentedWriter w)
    {
        using (Forward(LayerCallSite.Training).Declare(w))
        {
            WriteForwardBody(w);
        }
    }

    public void WriteBackward(IndentedWriter w, BackwardMode mode)
    {
        using (Backward(mode).Declare(w))
        {
            WriteBackwardBody(w, mode);
        }
    }

    public void WriteForwardBatch(IndentedWriter w)
    {
        using (ForwardBatch().Declare(w))
        {
            WriteForwardBatchBody(w);
        }
    }

    public void WriteBackwardBatch(IndentedWriter w)
    {
        using (BackwardBatch().Declare(w))
        {
            WriteBackwardBatchBody(w);
        }
    }

    protected abstract void WriteForwardBody(IndentedWriter w);

    protected abstract void WriteBackwardBody(IndentedWriter w, BackwardMode mode);

    protected abstract void WriteForwardBatchBody(IndentedWriter w);

    protected abstract void WriteBackwardBatchBody(IndentedWriter w);

    /// <summary>
    /// Touches the last element of each span once, so the JIT knows every constant index below is in range and drops
    /// the per-access bounds checks.
    /// </summary>
    protected static void WriteLengthChecks(IndentedWriter w, IEnumerable<(string Span, int Length)> spans)
    {
        w.Line("// Touching the last element once lets the JIT drop the bounds checks on the constant indices below.");
        foreach ((string span, int length) in spans)
        {
            w.Line("_ = " + span + "[" + Literals.Number(length - 1) + "];");
        }

        w.Line();
    }
}
