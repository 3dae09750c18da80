using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;

namespace CompiledNet.Generator.Emitting;

/// <summary>Shared pieces of the per-layer methods: names, attributes and the up-front length checks.</summary>
internal static class LayerSignature
{
    public static string ForwardName(LayerSpec layer) => "Layer" + Number(layer.Number) + "Forward";

    public static string BackwardName(LayerSpec layer) => "Layer" + Number(layer.Number) + "Backward";

    public static string Describe(LayerSpec layer) =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Layer {0}: Dense {1} → {2}, {3}{4}",
            layer.Number,
            layer.InputSize,
            layer.OutputSize,
            layer.Activation,
            layer.IsOutput ? " (output)" : string.Empty);

    public static void WriteAttributes(IndentedWriter w, LayerSpec layer)
    {
        w.Line(GeneratedCode.Attribute);
        if (layer.IsUnrolled && layer.WeightCount <= GenerationLimits.InlineThreshold)
        {
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        }
    }

    /// <summary>
    /// Touches the last element of each span once, so the JIT knows every constant index below is in range and drops
    /// the per-access bounds checks.
    /// </summary>
    public static void WriteLengthChecks(IndentedWriter w, IEnumerable<(string Span, int Length)> spans)
    {
        w.Line("// Touching the last element once lets the JIT drop the bounds checks on the constant indices below.");
        foreach ((string span, int length) in spans)
        {
            w.Line("_ = " + span + "[" + Number(length - 1) + "];");
        }

        w.Line();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
