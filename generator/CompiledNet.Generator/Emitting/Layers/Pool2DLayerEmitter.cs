using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model.Layers;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// Max or average pooling, written out for the concrete shape: loops over channels and output positions with constant
/// bounds, and each small window unrolled into one statement per element. Max pooling keeps, in training, the index
/// each output came from (its argmax), so the backward pass sends each gradient straight there.
/// </summary>
internal sealed class Pool2DLayerEmitter : LayerEmitter
{
    /// <summary>Windows of at most this many elements are written out, one statement each; larger ones loop.</summary>
    private const int UnrolledWindowLimit = 16;

    private readonly Pool2DLayerSpec _layer;

    public Pool2DLayerEmitter(Pool2DLayerSpec layer, Scalar scalar)
        : base(scalar) => _layer = layer;

    public override LayerSpec Layer => _layer;

    public override string Summary => string.Format(CultureInfo.InvariantCulture, "{0} {1}", _layer.KindName, _layer.Kernel);

    public override string Description =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Layer {0}: {1} {2} → {3}, {4}×{4} window, stride {5}",
            _layer.Number,
            _layer.KindName,
            _layer.Input.Display,
            _layer.Output.Display,
            _layer.Kernel,
            _layer.Stride);

    public override string Layout => "no parameters";

    public override string ArchitectureEntry =>
        $"new global::CompiledNet.Pool2DLayerInfo(global::CompiledNet.PoolingKind.{(IsMax ? "Max" : "Average")}, {Number(_layer.Kernel)}, {Number(_layer.Stride)})";

    private bool IsMax => _layer.Kind == PoolingKind.Max;

    private int WindowSize => _layer.Kernel * _layer.Kernel;

    protected override IEnumerable<ScratchBuffer> TrainingWorkBuffers(BackwardMode? mode)
    {
        if (IsMax)
        {
            yield return new ScratchBuffer(BufferNames.ArgMax(_layer.Number), _layer.OutputSize, IsIndex: true);
        }
    }

    public override void WriteInitialization(IndentedWriter w)
    {
    }

    public override LayerMethod Forward(LayerCallSite site)
    {
        var parameters = new List<LayerParameter>
        {
            new(S.ReadOnlySpan, "input", site.InputOf(_layer), RowLength: _layer.InputSize),
            new(S.Span, "output", site.OutputOf(_layer), RowLength: _layer.OutputSize),
        };
        if (KeepsArgMax(site))
        {
            parameters.Add(new("global::System.Span<int>", "argmax", BufferNames.ArgMax(_layer.Number), RowLength: _layer.OutputSize));
        }

        string what = IsMax ? "each window's largest value" : "each window's mean";
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + (IsMax && site.IsInference ? "Infer" : "Forward"),
            $"{Description}: output = {what}{(KeepsArgMax(site) ? ", and where it was" : string.Empty)}.",
            inline: false,
            parameters);
    }

    public override LayerMethod ForwardBatch() => new(
        "Layer" + Number(_layer.Number) + "ForwardBatch",
        Description + ", over <paramref name=\"count\"/> samples, one after another.",
        inline: false,
        BatchParameters(Forward(LayerCallSite.Training), LayerCallSite.Batch));

    public override LayerMethod Backward(BackwardMode mode)
    {
        var parameters = new List<LayerParameter>();
        if (IsMax)
        {
            parameters.Add(new("global::System.ReadOnlySpan<int>", "argmax", BufferNames.ArgMax(_layer.Number), RowLength: _layer.OutputSize));
        }

        parameters.Add(new(S.ReadOnlySpan, "delta", BufferNames.Delta(_layer.Number), RowLength: _layer.OutputSize));
        parameters.Add(new(S.Span, "inputDelta", BufferNames.Delta(_layer.Number - 1), RowLength: _layer.InputSize));
        return new LayerMethod(
            "Layer" + Number(_layer.Number) + "Backward",
            IsMax
                ? Description + ": each output's gradient goes back to the input value it took."
                : Description + ": each output's gradient is shared equally by its window.",
            inline: false,
            parameters);
    }

    public override LayerMethod BackwardBatch() => new(
        "Layer" + Number(_layer.Number) + "BackwardBatch",
        Description + ", over <paramref name=\"count\"/> samples, one after another.",
        inline: false,
        BatchParameters(Backward(BackwardMode.Accumulate), LayerCallSite.Batch));

    protected override void WriteForwardBody(IndentedWriter w) => WritePooling(w, keepArgMax: IsMax);

    /// <summary>Forward at inference keeps no argmax, so max pooling has a method of its own for it.</summary>
    public override void WriteInference(IndentedWriter w)
    {
        if (IsMax)
        {
            w.Line();
            using (Forward(LayerCallSite.Inference).Declare(w))
            {
                WritePooling(w, keepArgMax: false);
            }
        }
    }

    protected override void WriteBackwardBody(IndentedWriter w, BackwardMode mode)
    {
        w.Line("inputDelta.Clear();");
        if (IsMax)
        {
            if (_layer.Stride < _layer.Kernel)
            {
                w.Line("// Overlapping windows may have taken the same value: its gradients add up.");
            }

            using (w.Block($"for (int o = 0; o < {Number(_layer.OutputSize)}; o++)"))
            {
                w.Line("inputDelta[argmax[o]] += delta[o];");
            }

            return;
        }

        WriteWindowLoops(w, window =>
        {
            w.Line($"{S.Keyword} share = delta[o] / {S.Literal(WindowSize)};");
            window.ForEach(w, at => w.Line($"inputDelta[{at}] += share;"));
        });
    }

    protected override void WriteForwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Forward(LayerCallSite.Training));

    protected override void WriteBackwardBatchBody(IndentedWriter w) => WriteRowLoop(w, Backward(BackwardMode.Accumulate));

    private bool KeepsArgMax(LayerCallSite site) => IsMax && !site.IsInference;

    private void WritePooling(IndentedWriter w, bool keepArgMax)
    {
        WriteWindowLoops(w, window =>
        {
            if (!IsMax)
            {
                w.Line($"{S.Keyword} sum = input[corner];");
                window.ForEach(w, at => w.Line($"sum += input[{at}];"), skipCorner: true);
                w.Line($"output[o] = sum / {S.Literal(WindowSize)};");
                return;
            }

            // Strictly greater replaces, and NaN wins, as in PyTorch: the first maximum is the one the gradient reaches.
            w.Line("int at = corner;");
            w.Line($"{S.Keyword} max = input[corner];");
            window.ForEach(
                w,
                at =>
                {
                    using (w.Block($"if (input[{at}] > max || {S.Keyword}.IsNaN(input[{at}]))"))
                    {
                        w.Line($"at = {at};");
                        w.Line("max = input[at];");
                    }
                },
                skipCorner: true);
            w.Line("output[o] = max;");
            if (keepArgMax)
            {
                w.Line("argmax[o] = at;");
            }
        });
    }

    /// <summary>
    /// Loops over every channel and output position, with o the output's index and corner the window's first input
    /// index; <paramref name="body"/> writes the work of one window.
    /// </summary>
    private void WriteWindowLoops(IndentedWriter w, System.Action<Window> body)
    {
        ImageShape input = _layer.Input, output = _layer.Output;
        w.Line("int o = 0;");
        using (w.Block($"for (int c = 0; c < {Number(input.Channels)}; c++)"))
        {
            using (w.Block($"for (int y = 0; y < {Number(output.Height)}; y++)"))
            {
                using (w.Block($"for (int x = 0; x < {Number(output.Width)}; x++, o++)"))
                {
                    w.Line($"int corner = {Times("c", input.Plane)} + {Times("y", _layer.Stride * input.Width)} + {Times("x", _layer.Stride)};");
                    body(new Window(_layer.Kernel, input.Width, Unrolled: WindowSize <= UnrolledWindowLimit));
                }
            }
        }
    }

    /// <summary>The input indices of one window, as constant offsets from corner or, for a large window, as loops.</summary>
    private readonly record struct Window(int Kernel, int RowLength, bool Unrolled)
    {
        /// <summary>Writes <paramref name="statement"/> for each index of the window, row-major.</summary>
        public void ForEach(IndentedWriter w, System.Action<string> statement, bool skipCorner = false)
        {
            if (Unrolled)
            {
                for (int ky = 0; ky < Kernel; ky++)
                {
                    for (int kx = 0; kx < Kernel; kx++)
                    {
                        int offset = (ky * RowLength) + kx;
                        if (offset != 0 || !skipCorner)
                        {
                            statement(offset == 0 ? "corner" : "corner + " + Number(offset));
                        }
                    }
                }

                return;
            }

            using (w.Block($"for (int ky = 0; ky < {Number(Kernel)}; ky++)"))
            {
                using (w.Block($"for (int kx = {(skipCorner ? "ky == 0 ? 1 : 0" : "0")}; kx < {Number(Kernel)}; kx++)"))
                {
                    w.Line($"int index = corner + {Times("ky", RowLength)} + kx;");
                    statement("index");
                }
            }
        }
    }
}
