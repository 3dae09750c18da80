using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Emitting.Batch;
using CompiledNet.Generator.Emitting.Compact;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// The public methods of INetwork: each one's documentation, signature and argument checks written once here, its body
/// by the strategy the planner chose, straight-line (<see cref="CompactEmitter"/>) or per layer
/// (<see cref="PerSampleEmitter"/>), and the batched one by <see cref="BatchEmitter"/>.
/// </summary>
internal sealed class NetworkMethods
{
    private const string Guard = "global::CompiledNet.Generated.Guard.";

    private readonly NetworkSpec _network;
    private readonly IReadOnlyList<LayerEmitter> _layers;
    private readonly CompactNetwork? _compact;
    private readonly Scalar _s;

    public NetworkMethods(NetworkSpec network, IReadOnlyList<LayerEmitter> layers, CompactNetwork? compact, Scalar s)
    {
        _network = network;
        _layers = layers;
        _compact = compact;
        _s = s;
    }

    public void WriteForward(IndentedWriter w)
    {
        w.Line();
        w.Line("/// <summary>Runs the network on one sample. Allocates nothing and keeps no state, so many threads may call it at once.</summary>");
        using (OpenSampleMethod(w, $"public void Forward({_s.ReadOnlySpan} input, {_s.Span} output)", "input", "output"))
        {
            if (_compact is not null)
            {
                CompactEmitter.WriteForwardBody(w, _compact, _s);
            }
            else
            {
                PerSampleEmitter.WriteForwardBody(w, _network, _layers, _s);
            }
        }
    }

    public void WriteForwardBatch(IndentedWriter w)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Runs the network on a batch of samples stored row after row, <see cref=\"InputSize\"/> values each, and writes");
        w.Line("/// their outputs row after row, <see cref=\"OutputSize\"/> values each. Each row's output equals <see cref=\"Forward\"/>'s");
        w.Line(_compact is not null
            ? "/// bit for bit: the straight-line Forward runs row after row, which is faster than matrix kernels at this size."
            : _layers.All(l => l.Layer is DenseLayerSpec)
                ? "/// up to float rounding: each layer runs once per chunk of rows, through the batched matrix kernels."
                : "/// up to float rounding: each dense layer runs once per chunk of rows through the batched matrix kernels, the others row after row.");
        w.Line("/// Allocates nothing once the shared array pool is warm and keeps no state, so many threads may call it at once.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"inputs\"/> does not hold whole rows, or <paramref name=\"outputs\"/> does not hold one output row for each.</exception>");
        using (w.Block($"public void ForwardBatch({_s.ReadOnlySpan} inputs, {_s.Span} outputs)"))
        {
            w.Line($"int rows = {Guard}ForwardRows(inputs.Length, InputSize, outputs.Length, OutputSize);");
            if (_compact is not null)
            {
                using (w.Block("for (int b = 0; b < rows; b++)"))
                {
                    w.Line("Forward(inputs.Slice(b * InputSize, InputSize), outputs.Slice(b * OutputSize, OutputSize));");
                }
            }
            else
            {
                BatchEmitter.WriteForwardBatchBody(w, _layers, _s);
            }
        }
    }

    public void WriteBackward(IndentedWriter w) => WriteSampleMethod(
        w,
        new[]
        {
            "/// <summary>",
            $"/// Runs forward, computes the {_network.Loss} loss against <paramref name=\"target\"/> and adds dLoss/dParameter",
            "/// into <see cref=\"Gradients\"/> by the chain rule, output layer first. Allocates nothing.",
            "/// </summary>",
            "/// <returns>The sample's loss.</returns>",
        },
        $"public {_s.Keyword} Backward({_s.ReadOnlySpan} input, {_s.ReadOnlySpan} target)",
        BackwardMode.Accumulate);

    public void WriteTrainSample(IndentedWriter w) => WriteSampleMethod(
        w,
        new[]
        {
            "/// <summary>",
            "/// One step of plain SGD on one sample, fused into back-propagation: each layer's weights are updated as its",
            "/// gradient is formed, with the same arithmetic as <see cref=\"Backward\"/> followed by an SGD step, but without",
            "/// writing and re-reading <see cref=\"Gradients\"/> (left untouched). Allocates nothing.",
            "/// </summary>",
            "/// <returns>The sample's loss; NaN, with no step taken, when the loss or the output layer's gradient is not finite.</returns>",
        },
        $"public {_s.Keyword} TrainSample({_s.ReadOnlySpan} input, {_s.ReadOnlySpan} target, {_s.Keyword} learningRate)",
        BackwardMode.SgdStep);

    public void WriteTrainSamples(IndentedWriter w)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Plain SGD on the rows <paramref name=\"order\"/> names, in turn: each step equals <see cref=\"TrainSample\"/> on that row");
        w.Line(_compact is { KeepsParametersInLocals: true }
            ? "/// bit for bit, but every weight stays in a local for the whole call, so each step reaches the next through registers."
            : "/// bit for bit. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <returns>The sum of the trained samples' losses, added in order; NaN when a sample's loss or output gradient was not finite.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold whole rows, or their row counts differ.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">An entry of <paramref name=\"order\"/> is not a row; nothing is trained.</exception>");
        using (w.Block($"public {_s.Keyword} TrainSamples({_s.ReadOnlySpan} inputs, {_s.ReadOnlySpan} targets, global::System.ReadOnlySpan<int> order, {_s.Keyword} learningRate, out int trained)"))
        {
            if (_compact is not null)
            {
                w.Line($"int rows = {Guard}BatchRows(inputs.Length, InputSize, targets.Length, OutputSize);");
                w.Line($"{Guard}Rows(order, rows);");
                CompactEmitter.WriteTrainSamplesBody(w, _compact, _s);
            }
            else
            {
                // The shared loop checks the spans and the order itself.
                PerSampleEmitter.WriteTrainSamplesBody(w, _s);
            }
        }
    }

    public void WriteBackwardBatch(IndentedWriter w)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Forward, loss and back-propagation for a batch of samples stored row after row, through matrix kernels:");
        w.Line("/// adds the sum of the samples' dLoss/dParameter into <paramref name=\"gradients\"/> (the layout of");
        w.Line("/// <see cref=\"Parameters\"/>) and returns the sum of their losses. Agrees with <see cref=\"Backward\"/> on each");
        w.Line("/// sample up to float rounding. Reads the parameters only, so several threads may run it at once into separate");
        w.Line("/// gradient spans. Its buffers come from the shared array pool: nothing is allocated once the pool is warm.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold whole rows, their row counts differ, or <paramref name=\"gradients\"/> is not <see cref=\"ParameterCount\"/> long.</exception>");
        string signature = $"public {_s.Keyword} BackwardBatch({_s.ReadOnlySpan} inputs, {_s.ReadOnlySpan} targets, {_s.Span} gradients";
        if (_network.HasDropout)
        {
            using (w.Block(signature + ")"))
            {
                w.Line($"int count = {Guard}BatchRows(inputs.Length, InputSize, targets.Length, OutputSize);");
                w.Line($"return BackwardBatch(inputs, targets, gradients, ReserveDropoutSamples(count));");
            }

            w.Line();
            w.Line("/// <summary>");
            w.Line("/// <see cref=\"BackwardBatch(global::System.ReadOnlySpan{" + _s.Keyword + "}, global::System.ReadOnlySpan{" + _s.Keyword + "}, global::System.Span{" + _s.Keyword + "})\"/> with the dropout masks of training");
            w.Line("/// samples <paramref name=\"dropoutSample\"/>, <paramref name=\"dropoutSample\"/> + 1, ... for its rows, reserved by the caller.");
            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold whole rows, their row counts differ, or <paramref name=\"gradients\"/> is not <see cref=\"ParameterCount\"/> long.</exception>");
            signature += $", ulong {LayerEmitter.DropoutSample}";
        }

        using (w.Block(signature + ")"))
        {
            w.Line($"int count = {Guard}BatchRows(inputs.Length, InputSize, targets.Length, OutputSize);");
            w.Line($"{Guard}Length(gradients.Length, ParameterCount, nameof(gradients));");
            BatchEmitter.WriteBackwardBatchBody(w, _network, _layers, _s);
        }
    }

    /// <summary>
    /// Opens a method over one sample: the documented ArgumentException, the signature, and the length checks of the
    /// sample's span (<paramref name="input"/>, InputSize long) and of the output or target span (OutputSize long).
    /// Dispose the result after the body.
    /// </summary>
    public static IDisposable OpenSampleMethod(IndentedWriter w, string signature, string input, string output)
    {
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length is not <see cref=\"InputSize\"/> or <see cref=\"OutputSize\"/>.</exception>");
        IDisposable body = w.Block(signature);
        w.Line(Guard + $"Length({input}.Length, InputSize, nameof({input}));");
        w.Line(Guard + $"Length({output}.Length, OutputSize, nameof({output}));");
        return body;
    }

    /// <summary>Backward or TrainSample: one sample's forward pass, loss and back-propagation, adding or stepping.</summary>
    private void WriteSampleMethod(IndentedWriter w, string[] documentation, string signature, BackwardMode mode)
    {
        w.Line();
        foreach (string line in documentation)
        {
            w.Line(line);
        }

        using (OpenSampleMethod(w, signature, "input", "target"))
        {
            if (_compact is null)
            {
                PerSampleEmitter.WriteTrainingBody(w, _network, _layers, _s, mode);
            }
            else if (mode == BackwardMode.Accumulate)
            {
                CompactEmitter.WriteBackwardBody(w, _compact, _s);
            }
            else
            {
                CompactEmitter.WriteTrainSampleBody(w, _compact, _s);
            }
        }
    }
}
