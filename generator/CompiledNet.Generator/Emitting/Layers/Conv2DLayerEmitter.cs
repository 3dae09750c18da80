using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// A convolution's code: the image's windows laid out as a matrix (im2col), so that forward, dW and dLoss/dInput are
/// each one register-blocked matrix product (BatchKernels.MultiplyRows) with every size a constant. The batched
/// methods run the per-sample ones row after row. docs/design.md gives the measurements behind this layout.
/// </summary>
internal sealed class Conv2DLayerEmitter : LayerEmitter
{
    private const string ConvKernels = "global::CompiledNet.Generated.ConvKernels.";
    private const string BatchKernels = "global::CompiledNet.Generated.BatchKernels.";

    private readonly Conv2DLayerSpec _layer;

    public Conv2DLayerEmitter(Conv2DLayerSpec layer, Scalar scalar)
        : base(scalar) => _layer = layer;

    public override LayerSpec Layer => _layer;

    public override string Summary => string.Format(CultureInfo.InvariantCulture, "Conv2D {0} {1}×{2} {3}", _layer.Filters, _layer.KernelHeight, _layer.KernelWidth, _layer.Activation);

    public override string Description =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Layer {0}: Conv2D {1} → {2}, {3}×{4} kernel, stride {5}, padding {6}, {7}",
            _layer.Number,
            _layer.Input.Display,
            _layer.Output.Display,
            _layer.KernelHeight,
            _layer.KernelWidth,
            _layer.Stride,
            _layer.Padding,
            _layer.Activation);

    public override string Layout =>
        $"weights [{Number(_layer.WeightOffset)}, {Number(_layer.BiasOffset)}) as [{_layer.Filters}, {_layer.Input.Channels}, {_layer.KernelHeight}, {_layer.KernelWidth}], "
        + $"biases [{Number(_layer.BiasOffset)}, {Number(_layer.BiasOffset + _layer.Filters)})";

    public override string ArchitectureEntry
    {
        get
        {
            string parameter = Entry.Parameter is { } p ? $", {p.Name}: {Scalar.Single.Literal(_layer.ActivationParameter)}" : string.Empty;
            return $"new global::CompiledNet.Conv2DLayerInfo({Number(_layer.Filters)}, {Number(_layer.KernelHeight)}, {Number(_layer.KernelWidth)}, "
                + $"global::CompiledNet.Activation.{_layer.Activation}, Stride: {Number(_layer.Stride)}, Padding: {Number(_layer.Padding)}{parameter})";
        }
    }

    public override IEnumerable<ScratchBuffer> InferenceWorkBuffers
    {
        get
        {
            if (!_layer.IsPointwise)
            {
                yield return Patches;
            }
        }
    }

    private ActivationEntry Entry => _layer.ActivationEntry;

    private ScratchBuffer Patches => new(BufferNames.Patches(_layer.Number), _layer.PatchSize * _layer.Positions, PerRow: false);

    private string Weights(string span) => BufferNames.Slice(span, _layer.WeightOffset, _layer.WeightCount);

    private string Biases(string span) => BufferNames.Slice(span, _layer.BiasOffset, _layer.Filters);

    /// <summary>The named shape arguments of the ConvKernels calls.</summary>
    private string Geometry => string.Format(
        CultureInfo.InvariantCulture,
        "channels: {0}, height: {1}, width: {2}, kernelHeight: {3}, kernelWidth: {4}, stride: {5}, padding: {6}, outputHeight: {7}, outputWidth: {8}",
        _layer.Input.Channels,
        _layer.Input.Height,
        _layer.Input.Width,
        _layer.KernelHeight,
        _layer.KernelWidth,
        _layer.Stride,
        _layer.Padding,
        _layer.Output.Height,
        _layer.Output.Width);

    protected override IEnumerable<ScratchBuffer> TrainingWorkBuffers(BackwardMode? mode)
    {
        yield return Patches;
        if (mode == BackwardMode.SgdStep)
        {
            yield return new ScratchBuffer(BufferNames.StepGradients(_layer.Number), _layer.ParameterCount, PerRow: false);
        }
    }

    public override void WriteInitialization(IndentedWriter w)
    {
        // PyTorch's fan-in of a convolution: in channels × kernel height × kernel width; its fan-out: filters × the same kernel.
        string weights = $"parameters.Slice({Number(_layer.WeightOffset)}, {Number(_layer.WeightCount)})";
        string fanIn = Number(_layer.PatchSize);
        w.Line(Entry.Initialization == WeightInitialization.HeUniform
            ? $"global::CompiledNet.Generated.WeightInit.HeUniform<{S.Keyword}>({weights}, {fanIn}, ref random);"
            : $"global::CompiledNet.Generated.WeightInit.GlorotUniform<{S.Keyword}>({weights}, {fanIn}, {Number(_layer.Filters * _layer.KernelHeight * _layer.KernelWidth)}, ref random);");
    }

    public override LayerMethod Forward(LayerCallSite site)
    {
        int n = _layer.OutputSize;
        var parameters = new List<LayerParameter>
        {
            new(S.ReadOnlySpan, "weights", Weights("parameters")),
            new(S.ReadOnlySpan, "biases", Biases("parameters")),
            new(S.ReadOnlySpan, "input", site.InputOf(_layer), RowLength: _layer.InputSize),
        };
        if (_layer.KeepsPreActivation)
        {
            parameters.Add(new(S.Span, "preActivations", BufferNames.PreActivations(_layer.Number), RowLength: n));
        }

        parameters.Add(new(S.Span, "output", site.OutputOf(_layer), RowLength: n));
        if (!_layer.IsPointwise)
        {
            parameters.Add(new(S.Span, "patches", Patches.Name));
        }

        return new LayerMethod("Layer" + Number(_layer.Number) + "Forward", Description + ": output = f(weights ⊛ input + biases).", inline: false, parameters);
    }

    public override LayerMethod ForwardBatch() => new(
        "Layer" + Number(_layer.Number) + "ForwardBatch",
        Description + ", over <paramref name=\"count\"/> samples, one after another.",
        inline: false,
        BatchParameters(Forward(LayerCallSite.Training), LayerCallSite.Batch));

    public override LayerMethod Backward(BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        int n = _layer.OutputSize, number = _layer.Number;
        var parameters = new List<LayerParameter>();
        if (step)
        {
            parameters.Add(new(S.Span, "weights", Weights("parameters")));
            parameters.Add(new(S.Span, "biases", Biases("parameters")));
        }
        else if (_layer.HandsDeltaBack)
        {
            parameters.Add(new(S.ReadOnlySpan, "weights", Weights("parameters")));
        }

        parameters.Add(new(S.ReadOnlySpan, "input", LayerCallSite.Training.InputOf(_layer), RowLength: _layer.InputSize));
        if (Entry.DerivativeReads == DerivativeInput.Output)
        {
            parameters.Add(new(S.ReadOnlySpan, "output", BufferNames.Activations(number), RowLength: n));
        }

        if (Entry.DerivativeReads == DerivativeInput.PreActivation)
        {
            parameters.Add(new(S.ReadOnlySpan, "preActivations", BufferNames.PreActivations(number), RowLength: n));
        }

        parameters.Add(new(S.Span, "delta", BufferNames.Delta(number), RowLength: n));
        if (step)
        {
            parameters.Add(new(S.Keyword, "negativeLearningRate", "negativeLearningRate"));
            parameters.Add(new(S.Span, "stepGradients", BufferNames.StepGradients(number)));
        }
        else
        {
            parameters.Add(new(S.Span, "weightGradients", Weights("gradients")));
            parameters.Add(new(S.Span, "biasGradients", Biases("gradients")));
        }

        if (_layer.HandsDeltaBack)
        {
            parameters.Add(new(S.Span, "inputDelta", BufferNames.Delta(number - 1), RowLength: _layer.InputSize));
        }

        parameters.Add(new(S.Span, "patches", Patches.Name));
        string effect = step ? "stepping its weights and biases by -η·gradient" : "adding to the gradients";
        return new LayerMethod(
            "Layer" + Number(number) + (step ? "SgdStep" : "Backward"),
            $"{Description}: back-propagates dLoss/dOutput in <paramref name=\"delta\"/>, {effect}.",
            inline: false,
            parameters);
    }

    public override LayerMethod BackwardBatch() => new(
        "Layer" + Number(_layer.Number) + "BackwardBatch",
        Description + ", over <paramref name=\"count\"/> samples, one after another: adds to the gradients.",
        inline: false,
        BatchParameters(Backward(BackwardMode.Accumulate), LayerCallSite.Batch));

    protected override void WriteForwardBody(IndentedWriter w)
    {
        string patches = _layer.IsPointwise ? "input" : "patches";
        string z = _layer.KeepsPreActivation ? "preActivations" : "output";
        if (_layer.IsPointwise)
        {
            w.Line("// A 1×1 kernel at stride 1 reads each position's channels: the image itself is the patch matrix [channels, positions].");
        }
        else
        {
            w.Line("// Each window of the image as one column of patches [channels·kernel, positions] (im2col).");
            w.Line($"{ConvKernels}Im2Col<{S.Keyword}>(input, patches, {Geometry});");
        }

        w.Line();
        w.Line("// z[f, p] = b[f] + Σ_k W[f, k] · patches[k, p]: every filter at every position, as one matrix product.");
        w.Line($"{ConvKernels}FillChannels<{S.Keyword}>(biases, {z}, planeSize: {Number(_layer.Positions)});");
        w.Line($"{BatchKernels}MultiplyRows<{S.Keyword}>(weights, aRowStride: {Number(_layer.PatchSize)}, aColumnStride: 1, {patches}, {z}, rows: {Number(_layer.Filters)}, inner: {Number(_layer.PatchSize)}, columns: {Number(_layer.Positions)}, accumulate: true);");
        if (Entry.Apply is not { } apply || (Entry.IsIdentity && !_layer.KeepsPreActivation))
        {
            return;
        }

        w.Line();
        w.Line($"// output = {_layer.Activation}(z).");
        if (Entry.SpanMethod is { } spanMethod)
        {
            w.Line(ActivationTable.Call(spanMethod, S, $"{z}, output") + ";");
            return;
        }

        using (w.Block($"for (int k = 0; k < {Number(_layer.OutputSize)}; k++)"))
        {
            w.Line($"{S.Keyword} z = {z}[k];");
            w.Line($"output[k] = {apply(S, _layer.ActivationParameter, "z")};");
        }
    }

    protected override void WriteBackwardBody(IndentedWriter w, BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        string kernelK = Number(_layer.PatchSize), positions = Number(_layer.Positions), filters = Number(_layer.Filters);
        if (Entry.SpanDerivative is { } spanDerivative)
        {
            string operand = Entry.DerivativeReads == DerivativeInput.PreActivation ? "preActivations" : "output";
            w.Line("// dLoss/dz = dLoss/dOutput · " + Entry.DerivativeComment + ", in place.");
            w.Line(ActivationTable.Call(spanDerivative, S, $"{operand}, delta") + ";");
            w.Line();
        }
        else if (ActivationTable.DerivativeOf(Entry, _layer.ActivationParameter, S, "output[k]", "preActivations[k]") is { } derivative)
        {
            w.Line("// dLoss/dz = dLoss/dOutput · " + Entry.DerivativeComment + ", in place.");
            using (w.Block($"for (int k = 0; k < {Number(_layer.OutputSize)}; k++)"))
            {
                w.Line($"delta[k] *= {derivative};");
            }

            w.Line();
        }

        if (_layer.HandsDeltaBack)
        {
            string target = _layer.IsPointwise ? "inputDelta" : "patches";
            string before = step ? ", from the weights before the step" : string.Empty;
            w.Line(_layer.IsPointwise
                ? $"// dLoss/dInput = Wᵀ · dz{before}: a 1×1 kernel's windows are the image's own positions, so nothing is scattered."
                : $"// dLoss/dPatches = Wᵀ · dz{before}; each window's share goes back where it was read (col2im): dLoss/dInput.");
            w.Line($"{BatchKernels}MultiplyRows<{S.Keyword}>(weights, aRowStride: 1, aColumnStride: {kernelK}, delta, {target}, rows: {kernelK}, inner: {filters}, columns: {positions}, accumulate: false);");
            if (!_layer.IsPointwise)
            {
                w.Line($"{ConvKernels}Col2Im<{S.Keyword}>(patches, inputDelta, {Geometry});");
            }

            w.Line();
        }

        string weightGradients = step ? BufferNames.Slice("stepGradients", 0, _layer.WeightCount) : "weightGradients";
        string biasGradients = step ? BufferNames.Slice("stepGradients", _layer.WeightCount, _layer.Filters) : "biasGradients";
        if (step)
        {
            w.Line("// The gradient of this one sample, formed in full before the step, as Backward would add it to zeroed gradients.");
            w.Line("stepGradients.Clear();");
            w.Line();
        }

        if (_layer.PatchSize < GenerationLimits.RowProductPatchLimit)
        {
            // Too few values per window for a strip of MultiplyRows: dot products along the positions instead.
            string patches = _layer.IsPointwise ? "input" : "patches";
            w.Line("// dLoss/db[f] = Σ_p dz[f, p]; dLoss/dW[f, k] = Σ_p dz[f, p] · patches[k, p], a dot product of two rows.");
            w.Line($"{ConvKernels}AddChannelSums<{S.Keyword}>(delta, {biasGradients}, planeSize: {positions});");
            if (!_layer.IsPointwise)
            {
                w.Line($"{ConvKernels}Im2Col<{S.Keyword}>(input, patches, {Geometry});");
            }

            w.Line($"{BatchKernels}AddRowProducts<{S.Keyword}>(delta, {patches}, {weightGradients}, rows: {filters}, inner: {positions}, columns: {kernelK});");
        }
        else
        {
            w.Line("// dLoss/db[f] = Σ_p dz[f, p]; dLoss/dW[f, k] = Σ_p dz[f, p] · patches[p, k], the windows now one per row (im2row).");
            w.Line($"{ConvKernels}AddChannelSums<{S.Keyword}>(delta, {biasGradients}, planeSize: {positions});");
            w.Line($"{ConvKernels}Im2Row<{S.Keyword}>(input, patches, {Geometry});");
            w.Line($"{BatchKernels}MultiplyRows<{S.Keyword}>(delta, aRowStride: {positions}, aColumnStride: 1, patches, {weightGradients}, rows: {filters}, inner: {positions}, columns: {kernelK}, accumulate: true);");
        }
        if (step)
        {
            w.Line();
            w.Line("// The step: W += -η·dW; b += -η·db.");
            w.Line($"{ConvKernels}SgdStep<{S.Keyword}>(weights, {weightGradients}, negativeLearningRate);");
            w.Line($"{ConvKernels}SgdStep<{S.Keyword}>(biases, {biasGradients}, negativeLearningRate);");
        }
    }

    protected override void WriteForwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Forward(LayerCallSite.Training));

    protected override void WriteBackwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Backward(BackwardMode.Accumulate));
}
