using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Emitting.PerSample;
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

    /// <summary>
    /// The per-sample buffers training needs for this layer, in declaration order: for Backward or TrainSample
    /// (<paramref name="mode"/>), or for BackwardBatch (null).
    /// </summary>
    public IEnumerable<ScratchBuffer> TrainingBuffers(BackwardMode? mode)
    {
        yield return (BufferNames.Activations(Layer.Number), Layer.OutputSize);
        if (Layer.KeepsPreActivation)
        {
            yield return (BufferNames.PreActivations(Layer.Number), Layer.OutputSize);
        }

        yield return (BufferNames.Delta(Layer.Number), Layer.OutputSize);
        foreach (ScratchBuffer buffer in TrainingWorkBuffers(mode))
        {
            yield return buffer;
        }
    }

    /// <summary>Further buffers the layer's training methods use: argmax indices, dropout masks, patch matrices.</summary>
    protected virtual IEnumerable<ScratchBuffer> TrainingWorkBuffers(BackwardMode? mode) => Enumerable.Empty<ScratchBuffer>();

    /// <summary>Buffers the layer's Forward method uses besides the activations.</summary>
    public virtual IEnumerable<ScratchBuffer> InferenceWorkBuffers => Enumerable.Empty<ScratchBuffer>();

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

    /// <summary>
    /// The method Forward calls at inference, where it is not the training one (max pooling keeps no argmax, dropout
    /// is the identity); nothing for the other layers.
    /// </summary>
    public virtual void WriteInference(IndentedWriter w)
    {
    }

    protected abstract void WriteForwardBody(IndentedWriter w);

    protected abstract void WriteBackwardBody(IndentedWriter w, BackwardMode mode);

    protected abstract void WriteForwardBatchBody(IndentedWriter w);

    protected abstract void WriteBackwardBatchBody(IndentedWriter w);

    /// <summary>
    /// A batched method's body for a layer that computes sample after sample: row b of each per-sample buffer
    /// (<see cref="LayerParameter.RowLength"/>) goes to <paramref name="perSample"/>, the shared spans as they are.
    /// </summary>
    protected static void WriteRowLoop(IndentedWriter w, LayerMethod perSample)
    {
        using (w.Block("for (int b = 0; b < count; b++)"))
        {
            var arguments = perSample.Parameters.Select(p => p switch
            {
                { RowLength: { } length } => $"{p.Name}.Slice({Literals.Times("b", length)}, {Literals.Number(length)})",
                { Name: DropoutSample } => DropoutSample + " + (ulong)b",
                _ => p.Name,
            });
            w.Line($"{perSample.Name}({string.Join(", ", arguments)});");
        }
    }

    /// <summary>
    /// ForwardBatch's statement for this layer over the <c>count</c> rows of one chunk: the per-sample inference method
    /// row after row, which a layer with a matrix kernel for the whole chunk replaces.
    /// </summary>
    public virtual void WriteInferenceBatchCall(IndentedWriter w)
    {
        LayerMethod perSample = Forward(LayerCallSite.InferenceBatch);
        using (w.Block("for (int b = 0; b < count; b++)"))
        {
            var arguments = perSample.Parameters.Select(p => p.RowLength is { } length
                ? $"{p.Argument}.Slice({Literals.Times("b", length)}, {Literals.Number(length)})"
                : p.Argument);
            w.Line($"{perSample.Name}({string.Join(", ", arguments)});");
        }
    }

    /// <summary>The values of the panel buffer (transposed inputs) this layer's ForwardBatch method needs; 0 for none.</summary>
    public virtual int InferenceBatchPanelSize => 0;

    /// <summary>The layer's own method for ForwardBatch, where it has one (a dense layer's panel kernel).</summary>
    public virtual void WriteInferenceBatch(IndentedWriter w)
    {
    }

    /// <summary>The training sample whose dropout masks a call draws (see the network's ReserveDropoutSamples).</summary>
    public const string DropoutSample = "dropoutSample";

    /// <summary>The parameters of a batched method that runs <paramref name="perSample"/> on each row, plus the row count.</summary>
    protected static List<LayerParameter> BatchParameters(LayerMethod perSample, LayerCallSite site)
    {
        var parameters = perSample.Parameters.Select(p => p with { Argument = site.Rename(p.Argument), SpanLength = null }).ToList();
        parameters.Add(new LayerParameter("int", "count", "count"));
        return parameters;
    }

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
