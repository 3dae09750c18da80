using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using static CompiledNet.Generator.Emitting.CompactForwardEmitter;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Backward, TrainSample and TrainSamples of a compact network as straight-line code: the forward pass in locals
/// (<see cref="CompactForwardEmitter"/>), the loss written inline, then each layer's chain rule with its deltas in
/// locals (dy1_0 = dLoss/dy, dz1_0 = dLoss/dz). The arithmetic is the same in every mode, so TrainSample equals
/// Backward followed by an SGD step bit for bit, and TrainSamples equals TrainSample sample by sample.
/// </summary>
internal static class CompactBackwardEmitter
{
    /// <summary>The body of Backward: forward in locals, the loss, then each layer's gradients added into the span.</summary>
    public static void WriteBackwardBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        WriteSampleGuards(w);
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        w.Line($"{s.Span} gradients = _gradients;");
        CompactForwardEmitter.WriteTouches(w, network, touchGradients: true);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        CompactForwardEmitter.WriteInputs(w, network, s);
        CompactForwardEmitter.WriteLayers(w, network, s, ParameterHome.Span);
        WriteLoss(w, network, s);
        for (int l = network.Layers.Count - 1; l >= 0; l--)
        {
            WriteLayer(w, network.Layers[l], s, step: false, ParameterHome.Span);
        }

        w.Line("return loss;");
    }

    /// <summary>
    /// The body of TrainSample: one SGD step, updating each scalar parameter in place in the span; a vector layer's
    /// vectors are loaded at the start and stored at the end.
    /// </summary>
    public static void WriteTrainSampleBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        WriteSampleGuards(w);
        w.Line($"{s.Span} parameters = _parameters;");
        CompactForwardEmitter.WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        CompactForwardEmitter.WriteInputs(w, network, s);
        WriteStep(w, network, s, ParameterHome.Span, $"return {s.Keyword}.NaN;");
        if (CompactParameters.HasVectors(network))
        {
            w.Line();
            CompactParameters.WriteStores(w, network, ParameterHome.Span);
        }

        w.Line("return loss;");
    }

    /// <summary>
    /// The body of TrainSamples: one SGD step per sample in a loop. In a network of at most
    /// <see cref="GenerationLimits.RegisterParameterLimit"/> parameters every parameter is a local, loaded once and
    /// stored once, so each step reaches the next through registers; in a larger one the scalars are updated in place,
    /// as in TrainSample, since that many locals would live on the stack anyway.
    /// </summary>
    public static void WriteTrainSamplesBody(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        ParameterHome home = network.ParameterCount <= GenerationLimits.RegisterParameterLimit ? ParameterHome.Locals : ParameterHome.Span;
        bool stores = home == ParameterHome.Locals || CompactParameters.HasVectors(network);
        w.Line("int rows = global::CompiledNet.Generated.Guard.BatchRows(inputs.Length, InputSize, targets.Length, OutputSize);");
        w.Line("global::CompiledNet.Generated.Guard.Rows(order, rows);");
        w.Line($"{s.Span} parameters = _parameters;");
        CompactForwardEmitter.WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, home);
        w.Line();
        w.Line($"{s.Keyword} totalLoss = {s.Literal(0)};");
        w.Line("int step = 0;");
        using (w.Block("for (; step < order.Length; step++)"))
        {
            w.Line("int row = order[step];");
            w.Line($"{s.ReadOnlySpan} input = inputs.Slice(row * InputSize, InputSize);");
            w.Line($"{s.ReadOnlySpan} target = targets.Slice(row * OutputSize, OutputSize);");
            CompactForwardEmitter.WriteInputs(w, network, s);
            WriteStep(w, network, s, home, $"totalLoss = {s.Keyword}.NaN;", "break;");
            w.Line();
            w.Line("totalLoss += loss;");
        }

        w.Line();
        w.Line("trained = step;");
        if (stores)
        {
            w.Line();
            CompactParameters.WriteStores(w, network, home);
        }

        w.Line("return totalLoss;");
    }

    private static void WriteSampleGuards(IndentedWriter w)
    {
        w.Line("global::CompiledNet.Generated.Guard.Length(input.Length, InputSize, nameof(input));");
        w.Line("global::CompiledNet.Generated.Guard.Length(target.Length, OutputSize, nameof(target));");
    }

    /// <summary>Forward, the loss, the finiteness check (running <paramref name="onNonFinite"/>) and the step on every layer.</summary>
    private static void WriteStep(IndentedWriter w, NetworkSpec network, Scalar s, ParameterHome home, params string[] onNonFinite)
    {
        CompactForwardEmitter.WriteLayers(w, network, s, home);
        List<string> outputGradients = WriteLoss(w, network, s);
        w.Line();
        w.Line("// A non-finite loss or output gradient must never reach the weights.");
        var checks = new StringBuilder($"!{s.Keyword}.IsFinite(loss)");
        foreach (string gradient in outputGradients)
        {
            checks.Append($" || !{s.Keyword}.IsFinite({gradient})");
        }

        using (w.Block($"if ({checks})"))
        {
            foreach (string statement in onNonFinite)
            {
                w.Line(statement);
            }
        }

        w.Line();
        w.Line($"{s.Keyword} negativeLearningRate = -learningRate;");
        for (int l = network.Layers.Count - 1; l >= 0; l--)
        {
            WriteLayer(w, network.Layers[l], s, step: true, home);
        }
    }

    /// <summary>Writes the loss and the gradient the output layer starts from; returns the names of those gradients.</summary>
    private static List<string> WriteLoss(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        LayerSpec last = network.OutputLayer;
        int n = last.OutputSize;
        var gradients = new List<string>();
        var sum = new StringBuilder();
        string count = s.Literal(n);
        w.Line();
        if (network.Loss == LossKind.BinaryCrossEntropy)
        {
            // Fused with the sigmoid: dLoss/dz = (y - t)/n, and the loss from the logits so it stays finite.
            w.Line("// Binary cross-entropy from the logits, max(z, 0) - zt + ln(1 + e^-|z|), averaged; fused with the sigmoid,");
            w.Line("// it hands back dLoss/dz = (y - t)/n directly.");
            for (int o = 0; o < n; o++)
            {
                string z = PreActivation(last, o);
                string t = $"target[{Number(o)}]";
                sum.Append(o == 0 ? string.Empty : " + ")
                    .Append($"({s.Math}.Max({z}, {s.Literal(0)}) - {z} * {t} + {s.Math}.Log({s.Literal(1)} + {s.Math}.Exp(-{s.Math}.Abs({z}))))");
                string dz = DeltaOfPreActivation(last, o);
                w.Line($"{s.Keyword} {dz} = ({Output(last.Number, o)} - {t}) / {count};");
                gradients.Add(dz);
            }

            w.Line($"{s.Keyword} loss = ({sum}) / {count};");
            return gradients;
        }

        w.Line($"// Mean squared error, (1/n) Σ (y - t)², and its gradient with respect to the output, 2(y - t)/n.");
        string scale = n == 1 ? s.Literal(2) : $"({s.Literal(2)} / {count})";
        for (int o = 0; o < n; o++)
        {
            string error = "error" + Number(o);
            w.Line($"{s.Keyword} {error} = {Output(last.Number, o)} - target[{Number(o)}];");
            sum.Append(o == 0 ? string.Empty : " + ").Append($"{error} * {error}");
        }

        for (int o = 0; o < n; o++)
        {
            string dy = DeltaOfOutput(last.Number, o);
            w.Line($"{s.Keyword} {dy} = {scale} * error{Number(o)};");
            gradients.Add(dy);
        }

        w.Line(n == 1 ? $"{s.Keyword} loss = {sum};" : $"{s.Keyword} loss = ({sum}) / {count};");
        return gradients;
    }

    private static void WriteLayer(IndentedWriter w, LayerSpec layer, Scalar s, bool step, ParameterHome home)
    {
        w.Line();
        if (layer.IsVector)
        {
            VectorLayerBackward.Write(w, layer, step);
            return;
        }

        if (layer.LossGivesPreActivationGradient)
        {
            w.Line($"// {Describe(layer)}: the loss already gave dLoss/dz.");
        }
        else
        {
            w.Line($"// {Describe(layer)}: dLoss/dz = dLoss/dy · {ActivationFormulas.DerivativeComment(layer)}.");
            for (int o = 0; o < layer.OutputSize; o++)
            {
                string dy = DeltaOfOutput(layer.Number, o);
                string? derivative = ActivationFormulas.Derivative(layer, s, Output(layer.Number, o), PreActivation(layer, o));
                w.Line($"{s.Keyword} {DeltaOfPreActivation(layer, o)} = {(derivative is null ? dy : $"{dy} * ({derivative})")};");
            }
        }

        if (!layer.IsFirst)
        {
            w.Line();
            w.Line(step
                ? "// dLoss/dInput = Wᵀ · dz, from the weights before the step: dLoss/dy of the layer before."
                : "// dLoss/dInput = Wᵀ · dz: dLoss/dy of the layer before.");
            if (layer.ReadsVector)
            {
                VectorLayerBackward.WriteInputDeltaFromRows(w, layer);
            }
            else
            {
                for (int i = 0; i < layer.InputSize; i++)
                {
                    var sum = new StringBuilder();
                    for (int o = 0; o < layer.OutputSize; o++)
                    {
                        sum.Append(o == 0 ? string.Empty : " + ")
                            .Append($"{Weight(layer, o, i, home)} * {DeltaOfPreActivation(layer, o)}");
                    }

                    w.Line($"{s.Keyword} {DeltaOfOutput(layer.Number - 1, i)} = {sum};");
                }
            }
        }

        w.Line();
        w.Line(step ? "// The step: b += -η·dz; W += -η·(dz · inputᵀ)." : "// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < layer.OutputSize; o++)
        {
            string dz = DeltaOfPreActivation(layer, o);
            w.Line(step ? $"{Bias(layer, o, home)} += negativeLearningRate * {dz};" : $"{Bias(layer, o, home, "gradients")} += {dz};");
            if (step && layer.ReadsVector)
            {
                VectorLayerBackward.WriteRowStep(w, layer, o, dz);
                continue;
            }

            for (int i = 0; i < layer.InputSize; i++)
            {
                w.Line(step
                    ? $"{Weight(layer, o, i, home)} += negativeLearningRate * ({dz} * {InputOf(layer, i)});"
                    : $"{Weight(layer, o, i, home, "gradients")} += {dz} * {InputOf(layer, i)};");
            }
        }
    }

    public static string DeltaOfOutput(int layerNumber, int index) => $"dy{Number(layerNumber)}_{Number(index)}";

    public static string DeltaOfPreActivation(LayerSpec layer, int index) => $"dz{Number(layer.Number)}_{Number(index)}";
}
