using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Batch;

/// <summary>
/// The body of BackwardBatch: the same chain rule as Backward, but for a whole batch at once, so each layer is a few
/// small matrix products (<see cref="LayerEmitter.ForwardBatch"/>, <see cref="LayerEmitter.BackwardBatch"/>) instead
/// of one vector pass per sample.
/// </summary>
internal static class BatchEmitter
{
    /// <summary>
    /// The body of ForwardBatch for a network that is not compact: the rows in chunks (<see cref="GenerationLimits.ForwardChunkRows"/>),
    /// each layer once per chunk, through <see cref="LayerEmitter.WriteInferenceBatchCall"/>. Expects <c>rows</c>.
    /// </summary>
    public static void WriteForwardBatchBody(IndentedWriter w, IReadOnlyList<LayerEmitter> layers, Scalar s)
    {
        List<ScratchBuffer> buffers = PerSampleEmitter.InferenceBuffers(layers);
        int chunkRows = GenerationLimits.ForwardChunkRows(buffers.Where(b => b.PerRow).Sum(b => (long)b.Size));
        int panel = layers.Max(l => l.InferenceBatchPanelSize);
        if (panel > 0)
        {
            buffers.Add(new ScratchBuffer(BufferNames.Panel, panel, PerRow: false));
        }

        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        w.Line($"int chunkRows = global::System.Math.Min(rows, {Number(chunkRows)});");
        using (buffers.Count == 0 ? null : ScratchBuffers.DeclarePooled(w, s, buffers, rows: "chunkRows"))
        {
            w.Line();
            w.Line("// Each layer runs once for a chunk's rows: a dense layer reads each weight once per panel of rows, not once per row.");
            using (w.Block("for (int first = 0; first < rows; first += chunkRows)"))
            {
                w.Line("int count = global::System.Math.Min(chunkRows, rows - first);");
                w.Line($"{s.ReadOnlySpan} {LayerCallSite.InferenceBatch.NetworkInput} = inputs.Slice(first * InputSize, count * InputSize);");
                w.Line($"{s.Span} {LayerCallSite.InferenceBatch.OutputDestination} = outputs.Slice(first * OutputSize, count * OutputSize);");
                foreach (LayerEmitter layer in layers)
                {
                    w.Line();
                    layer.WriteInferenceBatchCall(w);
                }
            }
        }
    }

    public static void WriteBackwardBatchBody(IndentedWriter w, NetworkSpec network, IReadOnlyList<LayerEmitter> layers, Scalar s)
    {
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        using (ScratchBuffers.DeclarePooled(w, s, layers.SelectMany(l => l.TrainingBuffers(null)).ToList(), rows: "count"))
        {
            w.Line();
            w.Line("// Forward for the whole batch, keeping each layer's output for the chain rule.");
            foreach (LayerEmitter layer in layers)
            {
                w.Line(layer.ForwardBatch().Call);
            }

            int last = network.OutputLayer.Number, size = network.OutputSize;
            string Row(string name) => $"{name}.Slice({Times("b", size)}, {Number(size)})";
            w.Line();
            w.Line("// Each sample's loss and its gradient with respect to the output (or, fused, to the output layer's z).");
            w.Line($"{s.Keyword} loss = {s.Literal(0)};");
            using (w.Block("for (int b = 0; b < count; b++)"))
            {
                string call = LossTable.Call(
                    network.LossEntry,
                    s.Keyword,
                    Row(BufferNames.PreActivations(last)),
                    Row(BufferNames.Activations(last)),
                    Row("targets"),
                    Row(BufferNames.Delta(last)));
                w.Line($"loss += {call};");
            }

            w.Line();
            w.Line("// Backward, output layer first.");
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (layers[i].Layer.HasBackward)
                {
                    w.Line(layers[i].BackwardBatch().Call);
                }
            }

            w.Line("return loss;");
        }
    }
}
