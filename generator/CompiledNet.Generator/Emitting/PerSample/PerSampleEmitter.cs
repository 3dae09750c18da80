using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Emitting.PerSample;

/// <summary>
/// The bodies of Forward, Backward, TrainSample and TrainSamples for a network that is not compact: buffers for each
/// layer's values, then each layer's method in turn (<see cref="LayerEmitter"/>), forward and then, output layer first,
/// backward.
/// </summary>
internal static class PerSampleEmitter
{
    /// <summary>Runs each layer in turn; the output layer writes straight into the caller's span.</summary>
    public static void WriteForwardBody(IndentedWriter w, NetworkSpec network, IReadOnlyList<LayerEmitter> layers, Scalar s)
    {
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        using (ScratchBuffers.Declare(w, s, InferenceBuffers(layers)))
        {
            w.Line();
            foreach (LayerEmitter layer in layers)
            {
                w.Line(layer.Forward(LayerCallSite.Inference).Call);
            }
        }
    }

    /// <summary>
    /// The buffers of one sample's inference: every layer's output but the last (which goes to the caller), the
    /// pre-activations a layer keeps, and the layers' work buffers.
    /// </summary>
    public static List<ScratchBuffer> InferenceBuffers(IReadOnlyList<LayerEmitter> layers)
    {
        var buffers = new List<ScratchBuffer>();
        foreach (LayerEmitter layer in layers)
        {
            if (!layer.Layer.IsOutput)
            {
                buffers.Add((BufferNames.Activations(layer.Layer.Number), layer.Layer.OutputSize));
            }

            if (layer.Layer.KeepsPreActivation)
            {
                buffers.Add((BufferNames.PreActivations(layer.Layer.Number), layer.Layer.OutputSize));
            }

            buffers.AddRange(layer.InferenceWorkBuffers);
        }

        return buffers;
    }

    /// <summary>Forward keeping every layer's output, the loss, then each layer's backward method in <paramref name="mode"/>.</summary>
    public static void WriteTrainingBody(IndentedWriter w, NetworkSpec network, IReadOnlyList<LayerEmitter> layers, Scalar s, BackwardMode mode)
    {
        bool step = mode == BackwardMode.SgdStep;
        if (step)
        {
            w.Line($"{s.Span} parameters = _parameters;");
        }
        else
        {
            w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
            w.Line($"{s.Span} gradients = _gradients;");
        }

        using (ScratchBuffers.Declare(w, s, layers.SelectMany(l => l.TrainingBuffers(mode)).ToList()))
        {
            if (network.HasDropout)
            {
                w.Line();
                w.Line("// This sample's place in the dropout generator's sequence: its masks depend on nothing else.");
                w.Line($"ulong {LayerEmitter.DropoutSample} = ReserveDropoutSamples(1);");
            }

            w.Line();
            w.Line("// Forward, keeping each layer's output for the chain rule.");
            foreach (LayerEmitter layer in layers)
            {
                w.Line(layer.Forward(LayerCallSite.Training).Call);
            }

            LossEntry loss = network.LossEntry;
            int last = network.OutputLayer.Number;
            w.Line();
            w.Line(loss.IsFused
                ? "// The loss, and its gradient with respect to the output layer's z (fused with the activation)."
                : "// The loss, and its gradient with respect to the network's output.");
            string lossCall = LossTable.Call(loss, s.Keyword, BufferNames.PreActivations(last), BufferNames.Activations(last), "target", BufferNames.Delta(last));
            w.Line($"{s.Keyword} loss = {lossCall};");
            if (step)
            {
                w.Line();
                w.Line("// A non-finite loss or output gradient must never reach the weights.");
                using (w.Block($"if (!{s.Keyword}.IsFinite(loss) || !global::CompiledNet.Generated.Kernels.AllFinite<{s.Keyword}>({BufferNames.Delta(last)}))"))
                {
                    w.Line($"return {s.Keyword}.NaN;");
                }

                w.Line();
                w.Line($"{s.Keyword} negativeLearningRate = -learningRate;");
            }

            w.Line();
            w.Line(step
                ? "// Backward, output layer first; each layer hands dLoss/dInput (from its weights before the step) to the one before it."
                : "// Backward, output layer first; each layer hands dLoss/dInput to the one before it.");
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (layers[i].Layer.HasBackward)
                {
                    w.Line(layers[i].Backward(mode).Call);
                }
            }

            w.Line("return loss;");
        }
    }

    /// <summary>Each sample here costs far more than a call: the runtime's shared loop over TrainSample does.</summary>
    public static void WriteTrainSamplesBody(IndentedWriter w, Scalar s) =>
        w.Line($"return global::CompiledNet.Generated.SampleRuns.TrainEach<{s.Keyword}>(this, inputs, targets, order, learningRate, out trained);");
}
