using System.Text;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>The per-sample bodies: unrolled, one statement per neuron and weight, or looped over rows with vector kernels.</summary>
internal sealed partial class DenseLayerEmitter
{
    protected override void WriteForwardBody(IndentedWriter w)
    {
        if (_layer.IsUnrolled)
        {
            WriteLengthChecks(w, Forward(LayerCallSite.Training).Spans);
            for (int o = 0; o < _layer.OutputSize; o++)
            {
                var sum = new StringBuilder("biases[" + Number(o) + "]");
                for (int i = 0; i < _layer.InputSize; i++)
                {
                    sum.Append(" + weights[").Append(Number(o * _layer.InputSize + i)).Append("] * input[").Append(Number(i)).Append(']');
                }

                string z = "z" + Number(o);
                w.Line($"{S.Keyword} {z} = {sum};");
                if (_layer.KeepsPreActivation)
                {
                    w.Line($"preActivations[{Number(o)}] = {z};");
                }

                if (Entry.Apply is { } apply)
                {
                    w.Line($"output[{Number(o)}] = {apply(S, _layer.ActivationParameter, z)};");
                }
            }
        }
        else
        {
            WriteLoopedForward(w);
        }

        if (Entry.CoupledForward is { } coupled)
        {
            w.Line(ActivationTable.Call(coupled, S, "preActivations, output") + ";");
        }
    }

    private void WriteLoopedForward(IndentedWriter w)
    {
        string n = Number(_layer.OutputSize);
        string z = _layer.KeepsPreActivation ? "preActivations" : "output";
        w.Line("// z = W · input + b for every neuron, through the one-sample kernel for this shape and CPU; then the activation.");
        w.Line($"global::CompiledNet.Generated.BatchKernels.DenseForward<{S.Keyword}>(weights, biases, input, {z}, count: 1, inputSize: {Number(_layer.InputSize)}, outputSize: {n});");
        if (Entry.Apply is not { } apply || (Entry.IsIdentity && !_layer.KeepsPreActivation))
        {
            return;
        }

        if (Entry.SpanMethod is { } spanMethod)
        {
            w.Line(ActivationTable.Call(spanMethod, S, $"{z}, output") + ";");
            return;
        }

        using (w.Block($"for (int o = 0; o < {n}; o++)"))
        {
            w.Line($"{S.Keyword} z = {z}[o];");
            w.Line($"output[o] = {apply(S, _layer.ActivationParameter, "z")};");
        }
    }

    protected override void WriteBackwardBody(IndentedWriter w, BackwardMode mode)
    {
        if (_layer.IsUnrolled)
        {
            WriteLengthChecks(w, Backward(mode).Spans);
            WriteJacobian(w);
            WriteUnrolledBackward(w, mode);
        }
        else
        {
            WriteJacobian(w);
            WriteLoopedBackward(w, mode);
        }
    }

    private void WriteJacobian(IndentedWriter w)
    {
        if (JacobianMethod is { } jacobian)
        {
            w.Line("// Softmax couples every output, so its Jacobian turns dLoss/dOutput into dLoss/dz in place first.");
            w.Line(ActivationTable.Call(jacobian, S, "output, delta") + ";");
            w.Line();
        }
    }

    private void WriteUnrolledBackward(IndentedWriter w, BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText);
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            w.Line($"{S.Keyword} dz{Number(o)} = {PreActivationGradient(Number(o))};");
        }

        if (_layer.HandsDeltaBack)
        {
            w.Line();
            w.Line("// dLoss/dInput = Wᵀ · dz, the delta of the layer before.");
            for (int i = 0; i < _layer.InputSize; i++)
            {
                var sum = new StringBuilder();
                for (int o = 0; o < _layer.OutputSize; o++)
                {
                    sum.Append(o == 0 ? string.Empty : " + ")
                        .Append("weights[").Append(Number(o * _layer.InputSize + i)).Append("] * dz").Append(Number(o));
                }

                w.Line($"inputDelta[{Number(i)}] = {sum};");
            }
        }

        w.Line();
        w.Line(step ? "// The step: b += -η·dz; W += -η·(dz · inputᵀ)." : "// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            string dz = "dz" + Number(o);
            w.Line(step ? $"biases[{Number(o)}] += negativeLearningRate * {dz};" : $"biasGradients[{Number(o)}] += {dz};");
            for (int i = 0; i < _layer.InputSize; i++)
            {
                string k = Number(o * _layer.InputSize + i);
                w.Line(step
                    ? $"weights[{k}] += negativeLearningRate * ({dz} * input[{Number(i)}]);"
                    : $"weightGradients[{k}] += {dz} * input[{Number(i)}];");
            }
        }
    }

    private void WriteLoopedBackward(IndentedWriter w, BackwardMode mode)
    {
        string fanIn = Number(_layer.InputSize);
        string row = $"weights.Slice(o * {fanIn}, {fanIn})";
        string kernels = "global::CompiledNet.Generated.Kernels.";
        if (_layer.HandsDeltaBack)
        {
            w.Line("inputDelta.Clear();");
        }

        using (w.Block($"for (int o = 0; o < {Number(_layer.OutputSize)}; o++)"))
        {
            w.Line("// dLoss/dz = dLoss/dOutput · " + DerivativeText);
            w.Line($"{S.Keyword} dz = {PreActivationGradient("o")};");
            if (mode == BackwardMode.SgdStep)
            {
                w.Line("biases[o] += negativeLearningRate * dz;");
                w.Line(!_layer.HandsDeltaBack
                    ? $"{kernels}SgdStepRow<{S.Keyword}>({row}, input, dz, negativeLearningRate);"
                    : $"{kernels}BackPropagateAndSgdStepRow<{S.Keyword}>({row}, input, dz, negativeLearningRate, inputDelta);");
            }
            else
            {
                w.Line("biasGradients[o] += dz;");
                if (_layer.HandsDeltaBack)
                {
                    w.Line($"{kernels}MultiplyAdd<{S.Keyword}>({row}, dz, inputDelta);");
                }

                w.Line($"{kernels}MultiplyAdd<{S.Keyword}>(input, dz, weightGradients.Slice(o * {fanIn}, {fanIn}));");
            }
        }
    }
}
