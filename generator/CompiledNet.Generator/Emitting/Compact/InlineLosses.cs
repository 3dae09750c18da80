using System.Collections.Generic;
using System.Text;
using CompiledNet.Generator.Model.Layers;
using static CompiledNet.Generator.Emitting.Compact.CompactNames;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Compact;

/// <summary>The losses a compact method writes out in full, from the output layer's locals (see <see cref="Tables.LossTable"/>).</summary>
internal static class InlineLosses
{
    /// <summary>(1/n) Σ (y - t)², and dLoss/dy = 2(y - t)/n.</summary>
    public static List<string> WriteMeanSquaredError(IndentedWriter w, Scalar s, DenseLayerSpec last)
    {
        int n = last.OutputSize;
        var gradients = new List<string>();
        var sum = new StringBuilder();
        string count = s.Literal(n);
        w.Line();
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

    /// <summary>
    /// Binary cross-entropy fused with the sigmoid: the loss from the logits, so it stays finite, and
    /// dLoss/dz = (y - t)/n directly.
    /// </summary>
    public static List<string> WriteBinaryCrossEntropy(IndentedWriter w, Scalar s, DenseLayerSpec last)
    {
        int n = last.OutputSize;
        var gradients = new List<string>();
        var sum = new StringBuilder();
        string count = s.Literal(n);
        w.Line();
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
}
