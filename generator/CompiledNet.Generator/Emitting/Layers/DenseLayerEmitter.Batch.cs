using System.Linq;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>The batched bodies: each layer as a few small matrix products over all the rows at once (BatchKernels).</summary>
internal sealed partial class DenseLayerEmitter
{
    private const string BatchKernels = "global::CompiledNet.Generated.BatchKernels.";

    public override int InferenceBatchPanelSize => UsesPanel ? _layer.InputSize * GenerationLimits.PanelWidth : 0;

    /// <summary>A fan-in too large for one pooled panel buffer keeps the training path's kernel in ForwardBatch too.</summary>
    private bool UsesPanel => (long)_layer.InputSize * GenerationLimits.PanelWidth <= GenerationLimits.MaxBufferLength;

    public override void WriteInferenceBatchCall(IndentedWriter w)
    {
        if (UsesPanel)
        {
            w.Line(InferenceBatch().Call);
            return;
        }

        var arguments = ForwardParameters(LayerCallSite.InferenceBatch).Select(p => p.Argument).Append("count");
        w.Line($"{ForwardBatch().Name}({string.Join(", ", arguments)});");
    }

    public override void WriteInferenceBatch(IndentedWriter w)
    {
        if (!UsesPanel)
        {
            return;
        }

        w.Line();
        using (InferenceBatch().Declare(w))
        {
            w.Line("// Each weight is broadcast against a panel of samples at once; then the activation.");
            w.Line($"global::CompiledNet.Generated.PanelKernels.DenseForward<{S.Keyword}>(weights, biases, input, {PreActivationBuffer}, count, inputSize: {Number(_layer.InputSize)}, outputSize: {Number(_layer.OutputSize)}, panel);");
            WriteBatchActivation(w);
        }
    }

    protected override void WriteForwardBatchBody(IndentedWriter w)
    {
        w.Line($"{BatchKernels}DenseForward<{S.Keyword}>(weights, biases, input, {PreActivationBuffer}, count, inputSize: {Number(_layer.InputSize)}, outputSize: {Number(_layer.OutputSize)});");
        WriteBatchActivation(w);
    }

    /// <summary>ForwardBatch's method for this layer: the panel kernel, which needs a transposed copy of the inputs.</summary>
    private LayerMethod InferenceBatch()
    {
        var parameters = ForwardParameters(LayerCallSite.InferenceBatch);
        parameters.Add(new LayerParameter(S.Span, "panel", BufferNames.Panel));
        parameters.Add(new LayerParameter("int", "count", "count"));
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + "InferBatch",
            Description + ", over <paramref name=\"count\"/> samples at inference: output = f(input · weightsᵀ + biases).",
            inline: false,
            parameters);
    }

    /// <summary>Where the batched weighted sums go: the pre-activations where the layer keeps them, else the output.</summary>
    private string PreActivationBuffer => _layer.KeepsPreActivation ? "preActivations" : "output";

    /// <summary>The activation over the first <c>count</c> rows, from the pre-activations (or in place).</summary>
    private void WriteBatchActivation(IndentedWriter w)
    {
        int n = _layer.OutputSize;
        string values = Times("count", n);
        string z = PreActivationBuffer;
        if (Entry.CoupledForward is { } coupled)
        {
            using (w.Block("for (int b = 0; b < count; b++)"))
            {
                w.Line(ActivationTable.Call(coupled, S, $"{Row("preActivations")}, {Row("output")}") + ";");
            }
        }
        else if (Entry.SpanMethod is { } spanMethod)
        {
            w.Line(ActivationTable.Call(spanMethod, S, $"{z}.Slice(0, {values}), output.Slice(0, {values})") + ";");
        }
        else if (Entry.Apply is { } apply && (!Entry.IsIdentity || _layer.KeepsPreActivation))
        {
            using (w.Block($"for (int k = 0; k < {values}; k++)"))
            {
                w.Line($"{S.Keyword} z = {z}[k];");
                w.Line($"output[k] = {apply(S, _layer.ActivationParameter, "z")};");
            }
        }
    }

    protected override void WriteBackwardBatchBody(IndentedWriter w)
    {
        string n = Number(_layer.OutputSize), fanIn = Number(_layer.InputSize);
        if (JacobianMethod is { } jacobian)
        {
            w.Line("// Softmax couples each sample's outputs: its Jacobian turns dLoss/dOutput into dLoss/dz row by row.");
            using (w.Block("for (int b = 0; b < count; b++)"))
            {
                w.Line(ActivationTable.Call(jacobian, S, $"{Row("output")}, {Row("delta")}") + ";");
            }

            w.Line();
        }
        else if (!_layer.LossGivesPreActivationGradient && Entry.SpanDerivative is { } spanDerivative)
        {
            // Vectorised: as a loop, ReLU's data-dependent select became a branch that W3's 32-sample batch mispredicted
            // about half the time, 15% of the whole step.
            string operand = Entry.DerivativeReads == DerivativeInput.PreActivation ? "preActivations" : "output";
            string values = Times("count", _layer.OutputSize);
            w.Line("// dLoss/dz = dLoss/dOutput · " + Entry.DerivativeComment + ", in place.");
            w.Line(ActivationTable.Call(spanDerivative, S, $"{operand}.Slice(0, {values}), delta.Slice(0, {values})") + ";");
            w.Line();
        }
        else if (!_layer.LossGivesPreActivationGradient
            && ActivationTable.DerivativeOf(Entry, _layer.ActivationParameter, S, "output[k]", "preActivations[k]") is { } derivative)
        {
            w.Line("// dLoss/dz = dLoss/dOutput · " + Entry.DerivativeComment + ", in place.");
            using (w.Block($"for (int k = 0; k < {Times("count", _layer.OutputSize)}; k++)"))
            {
                w.Line($"delta[k] *= {derivative};");
            }

            w.Line();
        }

        if (_layer.HandsDeltaBack)
        {
            w.Line("// dLoss/dInput = dz · W, the delta of the layer before.");
            w.Line($"{BatchKernels}MultiplyRows<{S.Keyword}>(delta, aRowStride: {n}, aColumnStride: 1, weights, inputDelta, rows: count, inner: {n}, columns: {fanIn}, accumulate: false);");
            w.Line();
        }

        w.Line("// dLoss/dW += dzᵀ · input; dLoss/db += the column sums of dz.");
        w.Line($"{BatchKernels}MultiplyRows<{S.Keyword}>(delta, aRowStride: 1, aColumnStride: {n}, input, weightGradients, rows: {n}, inner: count, columns: {fanIn}, accumulate: true);");
        w.Line($"{BatchKernels}AddColumnSums<{S.Keyword}>(delta, count, columns: {n}, biasGradients);");
    }

    /// <summary>Sample b's row of a batch buffer of this layer's width.</summary>
    private string Row(string buffer) => $"{buffer}.Slice({Times("b", _layer.OutputSize)}, {Number(_layer.OutputSize)})";
}
