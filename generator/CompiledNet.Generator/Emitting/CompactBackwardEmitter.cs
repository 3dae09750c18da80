using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.CompactForwardEmitter;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Backward and TrainSample of a compact network as straight-line code: the forward pass in locals
/// (<see cref="CompactForwardEmitter"/>), the loss written inline, then each layer's chain rule with its deltas in
/// locals (dy1_0 = dLoss/dy, dz1_0 = dLoss/dz). The arithmetic is the same in both modes, so TrainSample equals
/// Backward followed by an SGD step bit for bit.
/// </summary>
internal static class CompactBackwardEmitter
{
    public static void WriteBody(IndentedWriter w, NetworkSpec network, Scalar s, BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        w.Line("global::CompiledNet.Guard.Length(input.Length, InputSize, nameof(input));");
        w.Line("global::CompiledNet.Guard.Length(target.Length, OutputSize, nameof(target));");
        w.Line($"{(step ? s.Span : s.ReadOnlySpan)} parameters = _parameters;");
        if (!step)
        {
            w.Line($"{s.Span} gradients = _gradients;");
        }

        CompactForwardEmitter.WriteLayers(w, network, s, touchGradients: !step);
        List<string> outputGradients = WriteLoss(w, network, s);
        if (step)
        {
            w.Line();
            w.Line("// A non-finite loss or output gradient must never reach the weights.");
            var checks = new StringBuilder($"!{s.Keyword}.IsFinite(loss)");
            foreach (string gradient in outputGradients)
            {
                checks.Append($" || !{s.Keyword}.IsFinite({gradient})");
            }

            using (w.Block($"if ({checks})"))
            {
                w.Line($"return {s.Keyword}.NaN;");
            }

            w.Line();
            w.Line($"{s.Keyword} negativeLearningRate = -learningRate;");
        }

        for (int l = network.Layers.Count - 1; l >= 0; l--)
        {
            WriteLayer(w, network.Layers[l], s, step);
        }

        w.Line("return loss;");
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

    private static void WriteLayer(IndentedWriter w, LayerSpec layer, Scalar s, bool step)
    {
        w.Line();
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
            for (int i = 0; i < layer.InputSize; i++)
            {
                var sum = new StringBuilder();
                for (int o = 0; o < layer.OutputSize; o++)
                {
                    sum.Append(o == 0 ? string.Empty : " + ")
                        .Append($"{Weight(layer, o, i)} * {DeltaOfPreActivation(layer, o)}");
                }

                w.Line($"{s.Keyword} {DeltaOfOutput(layer.Number - 1, i)} = {sum};");
            }
        }

        w.Line();
        w.Line(step ? "// The step: b += -η·dz; W += -η·(dz · inputᵀ)." : "// dLoss/db = dz; dLoss/dW = dz · inputᵀ.");
        for (int o = 0; o < layer.OutputSize; o++)
        {
            string dz = DeltaOfPreActivation(layer, o);
            w.Line(step ? $"{Bias(layer, o)} += negativeLearningRate * {dz};" : $"{Bias(layer, o, "gradients")} += {dz};");
            for (int i = 0; i < layer.InputSize; i++)
            {
                w.Line(step
                    ? $"{Weight(layer, o, i)} += negativeLearningRate * ({dz} * {InputOf(layer, i)});"
                    : $"{Weight(layer, o, i, "gradients")} += {dz} * {InputOf(layer, i)};");
            }
        }
    }

    private static string DeltaOfOutput(int layerNumber, int index) => $"dy{Number(layerNumber)}_{Number(index)}";

    private static string DeltaOfPreActivation(LayerSpec layer, int index) => $"dz{Number(layer.Number)}_{Number(index)}";
}
