using System.Collections.Generic;
using System.Linq;

namespace CompiledNet.Generator.Emitting;

/// <summary>One parameter of a layer method: its type and name, and the value a call passes for it.</summary>
/// <param name="SpanLength">For a span, its length (an unrolled body checks it once); null for a scalar.</param>
/// <param name="RowLength">
/// For a buffer holding one sample's values, their number: the batched method holds one such row per sample and passes
/// row b to the per-sample method (see <see cref="Layers.LayerEmitter.WriteRowLoop"/>); null for parameters shared by
/// the whole batch.
/// </param>
internal sealed record LayerParameter(string Type, string Name, string Argument, int? SpanLength = null, int? RowLength = null);

/// <summary>
/// A generated per-layer method, described once: the same description writes its declaration and its calls, so the
/// two cannot disagree.
/// </summary>
internal sealed class LayerMethod
{
    public LayerMethod(string name, string summary, bool inline, IReadOnlyList<LayerParameter> parameters)
    {
        Name = name;
        Summary = summary;
        Inline = inline;
        Parameters = parameters;
    }

    public string Name { get; }

    public string Summary { get; }

    /// <summary>Marked for aggressive inlining into its caller.</summary>
    public bool Inline { get; }

    public IReadOnlyList<LayerParameter> Parameters { get; }

    /// <summary>The spans and their lengths, in parameter order.</summary>
    public IEnumerable<(string Name, int Length)> Spans =>
        Parameters.Where(p => p.SpanLength is not null).Select(p => (p.Name, p.SpanLength!.Value));

    /// <summary>The call statement.</summary>
    public string Call => $"{Name}({string.Join(", ", Parameters.Select(p => p.Argument))});";

    /// <summary>Writes the summary, attributes and signature; dispose the result after the body.</summary>
    public IndentedWriter.BlockScope Declare(IndentedWriter w)
    {
        w.Line($"/// <summary>{Summary}</summary>");
        if (Inline)
        {
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        }

        return w.Block($"private static void {Name}({string.Join(", ", Parameters.Select(p => p.Type + " " + p.Name))})");
    }
}
