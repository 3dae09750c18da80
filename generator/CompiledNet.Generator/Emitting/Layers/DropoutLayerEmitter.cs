using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model.Layers;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// Inverted dropout: in training, output = input · mask, with the mask drawn for the training sample from the
/// network's counter-based generator (DropoutMasks), so any split of a batch over threads draws the same masks; the
/// backward pass multiplies by the same mask. At inference it copies its input.
/// </summary>
internal sealed class DropoutLayerEmitter : LayerEmitter
{
    private readonly DropoutLayerSpec _layer;

    public DropoutLayerEmitter(DropoutLayerSpec layer, Scalar scalar)
        : base(scalar) => _layer = layer;

    public override LayerSpec Layer => _layer;

    public override string Summary => "Dropout " + Probability;

    public override string Description =>
        string.Format(CultureInfo.InvariantCulture, "Layer {0}: Dropout {1} of {2} values", _layer.Number, Probability, _layer.OutputSize);

    public override string Layout => "no parameters";

    public override string ArchitectureEntry => $"new global::CompiledNet.DropoutLayerInfo({Probability})";

    private string Probability => _layer.Probability.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The network's dropout seed, read by every training call.</summary>
    public const string Seed = "_dropoutSeed";

    protected override IEnumerable<ScratchBuffer> TrainingWorkBuffers(BackwardMode? mode)
    {
        yield return new ScratchBuffer(BufferNames.Mask(_layer.Number), _layer.OutputSize);
    }

    public override void WriteInitialization(IndentedWriter w)
    {
    }

    public override LayerMethod Forward(LayerCallSite site)
    {
        var parameters = new List<LayerParameter>
        {
            new(S.ReadOnlySpan, "input", site.InputOf(_layer), RowLength: _layer.InputSize),
            new(S.Span, "output", site.OutputOf(_layer), RowLength: _layer.OutputSize),
        };
        if (site.IsInference)
        {
            return new LayerMethod("Layer" + Number(_layer.Number) + "Infer", Description + ": the identity at inference.", inline: false, parameters);
        }

        parameters.Add(new(S.Span, "mask", BufferNames.Mask(_layer.Number), RowLength: _layer.OutputSize));
        parameters.Add(new("ulong", "seed", Seed));
        parameters.Add(new("ulong", DropoutSample, DropoutSample));
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + "Forward",
            Description + ": output = input · mask, the mask drawn for training sample <paramref name=\"dropoutSample\"/>.",
            inline: false,
            parameters);
    }

    public override LayerMethod ForwardBatch() => new(
        "Layer" + Number(_layer.Number) + "ForwardBatch",
        Description + ", over <paramref name=\"count\"/> samples, sample b drawing the masks of training sample dropoutSample + b.",
        inline: false,
        BatchParameters(Forward(LayerCallSite.Training), LayerCallSite.Batch));

    public override LayerMethod Backward(BackwardMode mode) => new(
        "Layer" + Number(_layer.Number) + "Backward",
        Description + ": dLoss/dInput = dLoss/dOutput · mask.",
        inline: false,
        new List<LayerParameter>
        {
            new(S.ReadOnlySpan, "mask", BufferNames.Mask(_layer.Number), RowLength: _layer.OutputSize),
            new(S.ReadOnlySpan, "delta", BufferNames.Delta(_layer.Number), RowLength: _layer.OutputSize),
            new(S.Span, "inputDelta", BufferNames.Delta(_layer.Number - 1), RowLength: _layer.InputSize),
        });

    public override LayerMethod BackwardBatch() => new(
        "Layer" + Number(_layer.Number) + "BackwardBatch",
        Description + ", over <paramref name=\"count\"/> samples.",
        inline: false,
        BatchParameters(Backward(BackwardMode.Accumulate), LayerCallSite.Batch));

    public override void WriteInference(IndentedWriter w)
    {
        w.Line();
        using (Forward(LayerCallSite.Inference).Declare(w))
        {
            w.Line("input.CopyTo(output);");
        }
    }

    protected override void WriteForwardBody(IndentedWriter w)
    {
        double keep = 1 - _layer.Probability;
        // 15 digits: 1 − 0.55 is 0.44999999999999996 in full, which would read as a typo.
        w.Line($"// Each value is kept with probability {keep.ToString("G15", CultureInfo.InvariantCulture)} and scaled by its inverse, so the expected output is the input.");
        w.Line($"global::CompiledNet.Generated.DropoutMasks.Fill<{S.Keyword}>(mask, seed, {DropoutSample}, layer: {Number(_layer.DropoutIndex)}, probability: {Probability});");
        using (w.Block($"for (int k = 0; k < {Number(_layer.OutputSize)}; k++)"))
        {
            w.Line("output[k] = input[k] * mask[k];");
        }
    }

    protected override void WriteBackwardBody(IndentedWriter w, BackwardMode mode)
    {
        using (w.Block($"for (int k = 0; k < {Number(_layer.OutputSize)}; k++)"))
        {
            w.Line("inputDelta[k] = delta[k] * mask[k];");
        }
    }

    protected override void WriteForwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Forward(LayerCallSite.Training));

    protected override void WriteBackwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Backward(BackwardMode.Accumulate));
}
