using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// A dense layer's code in every mode: z = W · x + b and y = f(z) forward; dz = dy · f'(z), dx = Wᵀ · dz and
/// dW = dz · xᵀ backward. This file describes its methods; the bodies are in the partial files beside it, one per mode.
/// </summary>
internal sealed partial class DenseLayerEmitter : LayerEmitter
{
    private readonly DenseLayerSpec _layer;

    public DenseLayerEmitter(DenseLayerSpec layer, Scalar scalar)
        : base(scalar) => _layer = layer;

    public override LayerSpec Layer => _layer;

    public override string Summary => $"Dense {Number(_layer.OutputSize)} {_layer.Activation}";

    public override string Description =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Layer {0}: Dense {1} → {2}, {3}{4}",
            _layer.Number,
            _layer.InputSize,
            _layer.OutputSize,
            _layer.Activation,
            _layer.IsOutput ? " (output)" : string.Empty);

    public override string Layout =>
        $"weights [{Number(_layer.WeightOffset)}, {Number(_layer.BiasOffset)}), biases [{Number(_layer.BiasOffset)}, {Number(_layer.BiasOffset + _layer.OutputSize)}), "
        + (_layer.IsVector ? "one vector of four neurons, unrolled" : _layer.IsUnrolled ? "unrolled" : "looped");

    public override string ArchitectureEntry
    {
        get
        {
            string parameter = Entry.Parameter is { } p ? $", {p.Name}: {Scalar.Single.Literal(_layer.ActivationParameter)}" : string.Empty;
            return $"new global::CompiledNet.DenseLayerInfo({Number(_layer.OutputSize)}, global::CompiledNet.Activation.{_layer.Activation}{parameter})";
        }
    }

    private ActivationEntry Entry => _layer.ActivationEntry;

    /// <summary>Small unrolled layers are inlined into Forward and Backward.</summary>
    private bool Inline => _layer.IsUnrolled && _layer.WeightCount <= GenerationLimits.InlineThreshold;

    private string Weights(string span) => BufferNames.Slice(span, _layer.WeightOffset, _layer.WeightCount);

    private string Biases(string span) => BufferNames.Slice(span, _layer.BiasOffset, _layer.OutputSize);

    public override void WriteInitialization(IndentedWriter w)
    {
        string weights = $"parameters.Slice({Number(_layer.WeightOffset)}, {Number(_layer.WeightCount)})";
        string fanIn = Number(_layer.InputSize);
        w.Line(Entry.Initialization == WeightInitialization.HeUniform
            ? $"global::CompiledNet.Generated.WeightInit.HeUniform<{S.Keyword}>({weights}, {fanIn}, ref random);"
            : $"global::CompiledNet.Generated.WeightInit.GlorotUniform<{S.Keyword}>({weights}, {fanIn}, {Number(_layer.OutputSize)}, ref random);");
    }

    public override LayerMethod Forward(LayerCallSite site) => new(
        "Layer" + Number(_layer.Number) + "Forward",
        Description + ": output = f(weights · input + biases).",
        Inline,
        ForwardParameters(site));

    public override LayerMethod ForwardBatch()
    {
        var parameters = ForwardParameters(LayerCallSite.Batch);
        parameters.Add(new LayerParameter("int", "count", "count"));
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + "ForwardBatch",
            Description + ", over <paramref name=\"count\"/> samples: output = f(input · weightsᵀ + biases).",
            inline: false,
            parameters);
    }

    public override LayerMethod Backward(BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        string incoming = _layer.LossGivesPreActivationGradient ? "dLoss/dz (fused with the loss)" : "dLoss/dOutput";
        string effect = step ? "stepping its weights and biases by -η·gradient" : "adding to the gradients";
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + (step ? "SgdStep" : "Backward"),
            $"{Description}: back-propagates {incoming} in <paramref name=\"delta\"/>, {effect}.",
            Inline,
            BackwardParameters(mode, LayerCallSite.Training));
    }

    public override LayerMethod BackwardBatch()
    {
        var parameters = BackwardParameters(BackwardMode.Accumulate, LayerCallSite.Batch);
        parameters.Add(new LayerParameter("int", "count", "count"));
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + "BackwardBatch",
            Description + ", over <paramref name=\"count\"/> samples: back-propagates <paramref name=\"delta\"/>, adding to the gradients.",
            inline: false,
            parameters);
    }

    private List<LayerParameter> ForwardParameters(LayerCallSite site)
    {
        int n = _layer.OutputSize;
        var parameters = new List<LayerParameter>
        {
            new(S.ReadOnlySpan, "weights", Weights("parameters"), _layer.WeightCount),
            new(S.ReadOnlySpan, "biases", Biases("parameters"), n),
            new(S.ReadOnlySpan, "input", site.InputOf(_layer), _layer.InputSize),
        };
        if (_layer.KeepsPreActivation)
        {
            parameters.Add(new(S.Span, "preActivations", BufferNames.PreActivations(_layer.Number), n));
        }

        parameters.Add(new(S.Span, "output", site.OutputOf(_layer), n));
        return parameters;
    }

    /// <summary>
    /// The backward method's parameters: the weights (written when stepping; not needed by an accumulating first
    /// layer, which hands no delta back), what the derivative reads, the delta, then the gradients or the rate, and
    /// the delta of the layer before.
    /// </summary>
    private List<LayerParameter> BackwardParameters(BackwardMode mode, LayerCallSite site)
    {
        bool step = mode == BackwardMode.SgdStep;
        int n = _layer.OutputSize, number = _layer.Number;
        var parameters = new List<LayerParameter>();
        if (step)
        {
            parameters.Add(new(S.Span, "weights", Weights("parameters"), _layer.WeightCount));
            parameters.Add(new(S.Span, "biases", Biases("parameters"), n));
        }
        else if (_layer.HandsDeltaBack)
        {
            parameters.Add(new(S.ReadOnlySpan, "weights", Weights("parameters"), _layer.WeightCount));
        }

        parameters.Add(new(S.ReadOnlySpan, "input", site.InputOf(_layer), _layer.InputSize));
        if (_layer.DerivativeReadsOutput)
        {
            parameters.Add(new(S.ReadOnlySpan, "output", BufferNames.Activations(number), n));
        }

        if (_layer.DerivativeReadsPreActivation)
        {
            parameters.Add(new(S.ReadOnlySpan, "preActivations", BufferNames.PreActivations(number), n));
        }

        parameters.Add(new(S.Span, "delta", BufferNames.Delta(number), n));
        if (step)
        {
            parameters.Add(new(S.Keyword, "negativeLearningRate", "negativeLearningRate"));
        }
        else
        {
            parameters.Add(new(S.Span, "weightGradients", Weights("gradients"), _layer.WeightCount));
            parameters.Add(new(S.Span, "biasGradients", Biases("gradients"), n));
        }

        if (_layer.HandsDeltaBack)
        {
            parameters.Add(new(S.Span, "inputDelta", BufferNames.Delta(number - 1), _layer.InputSize));
        }

        return parameters;
    }

    /// <summary>dLoss/dz from dLoss/dy at <paramref name="index"/>, as the per-sample and batched bodies write it.</summary>
    private string PreActivationGradient(string index)
    {
        string delta = $"delta[{index}]";
        if (_layer.LossGivesPreActivationGradient || Entry.CoupledBackward is not null)
        {
            return delta;
        }

        string? derivative = ActivationTable.DerivativeOf(Entry, _layer.ActivationParameter, S, $"output[{index}]", $"preActivations[{index}]");
        return derivative is null ? delta : $"{delta} * ({derivative})";
    }

    /// <summary>The factor that turns dLoss/dy into dLoss/dz, as a comment reads it.</summary>
    private string DerivativeText =>
        _layer.LossGivesPreActivationGradient
            ? "1: the loss already gave dLoss/dz."
            : Entry.CoupledBackward is not null ? "1: the Jacobian above already applied." : Entry.DerivativeComment + ".";

    /// <summary>Where the loss did not fuse with a coupled activation, its Jacobian turns dLoss/dy into dLoss/dz first.</summary>
    private string? JacobianMethod => _layer.LossGivesPreActivationGradient ? null : Entry.CoupledBackward;
}
