using System.Text;
using CompiledNet.Generator.Emitting.Layers;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.Compact;

/// <summary>
/// The bodies of Forward, Backward, TrainSample and TrainSamples for a compact network: each one straight-line method
/// in which every input, weighted sum, activation and delta is a local (see <see cref="CompactNames"/>), the loss
/// written inline. The arithmetic is the same in every method, so TrainSample equals Backward followed by an SGD step
/// bit for bit, and TrainSamples equals TrainSample sample by sample.
/// </summary>
internal static class CompactEmitter
{
    /// <summary>Checks the spans, runs the layers in locals and writes the output.</summary>
    public static void WriteForwardBody(IndentedWriter w, CompactNetwork network, Scalar s)
    {
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        WriteInputs(w, network, s);
        WriteLayers(w, network, ParameterHome.Span);
        w.Line();
        WriteOutput(w, network);
    }

    /// <summary>Forward in locals, the loss, then each layer's gradients added into the span.</summary>
    public static void WriteBackwardBody(IndentedWriter w, CompactNetwork network, Scalar s)
    {
        w.Line($"{s.ReadOnlySpan} parameters = _parameters;");
        w.Line($"{s.Span} gradients = _gradients;");
        WriteTouches(w, network, touchGradients: true);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        WriteInputs(w, network, s);
        WriteLayers(w, network, ParameterHome.Span);
        network.Loss(w, s, network.OutputLayer);
        for (int l = network.Emitters.Count - 1; l >= 0; l--)
        {
            network.Emitters[l].WriteCompactBackward(w, step: false, ParameterHome.Span);
        }

        w.Line("return loss;");
    }

    /// <summary>
    /// One SGD step, updating each scalar parameter in place in the span; a vector layer's vectors are loaded at the
    /// start and stored at the end.
    /// </summary>
    public static void WriteTrainSampleBody(IndentedWriter w, CompactNetwork network, Scalar s)
    {
        w.Line($"{s.Span} parameters = _parameters;");
        WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Span);
        WriteInputs(w, network, s);
        WriteStep(w, network, s, ParameterHome.Span, $"return {s.Keyword}.NaN;");
        if (CompactParameters.HasVectors(network))
        {
            w.Line();
            CompactParameters.WriteStores(w, network, ParameterHome.Span);
        }

        w.Line("return loss;");
    }

    /// <summary>
    /// One SGD step per sample in a loop. A small network keeps every parameter in a local, loaded once and stored
    /// once, so each step reaches the next through registers; a larger one updates the scalars in place, as
    /// TrainSample does, since that many locals would live on the stack anyway.
    /// </summary>
    public static void WriteTrainSamplesBody(IndentedWriter w, CompactNetwork network, Scalar s)
    {
        ParameterHome home = network.KeepsParametersInLocals ? ParameterHome.Locals : ParameterHome.Span;
        bool stores = home == ParameterHome.Locals || CompactParameters.HasVectors(network);
        w.Line($"{s.Span} parameters = _parameters;");
        WriteTouches(w, network);
        CompactParameters.WriteLoads(w, network, s, home);
        w.Line();
        w.Line($"{s.Keyword} totalLoss = {s.Literal(0)};");
        w.Line("int step = 0;");
        using (w.Block("for (; step < order.Length; step++)"))
        {
            w.Line("int row = order[step];");
            w.Line($"{s.ReadOnlySpan} input = inputs.Slice(row * InputSize, InputSize);");
            w.Line($"{s.ReadOnlySpan} target = targets.Slice(row * OutputSize, OutputSize);");
            WriteInputs(w, network, s);
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

    /// <summary>
    /// Forward with every weight and bias a constant from the baked file: the same statements as Forward, so the same
    /// result bit for bit, but no parameter is read from memory.
    /// </summary>
    public static void WriteFrozenForwardBody(IndentedWriter w, CompactNetwork network, BakedWeights baked, Scalar s)
    {
        CompactParameters.WriteLoads(w, network, s, ParameterHome.Constants, baked);
        WriteInputs(w, network, s);
        WriteLayers(w, network, ParameterHome.Constants);
        w.Line();
        WriteOutput(w, network);
    }

    /// <summary>Touches the last parameter (and gradient) once, so the constant indices below need no bounds checks.</summary>
    private static void WriteTouches(IndentedWriter w, CompactNetwork network, bool touchGradients = false)
    {
        w.Line();
        w.Line("// Touching the last element once lets the JIT drop the bounds checks on the constant indices below.");
        w.Line($"_ = parameters[{Number(network.ParameterCount - 1)}];");
        if (touchGradients)
        {
            w.Line($"_ = gradients[{Number(network.ParameterCount - 1)}];");
        }
    }

    /// <summary>Reads the sample's input into locals x0, x1, ...</summary>
    private static void WriteInputs(IndentedWriter w, CompactNetwork network, Scalar s)
    {
        w.Line();
        w.Line("// Every value lives in a local: no buffers, and no calls between layers.");
        for (int i = 0; i < network.InputSize; i++)
        {
            w.Line($"{s.Keyword} {CompactNames.Input(i)} = input[{Number(i)}];");
        }
    }

    private static void WriteLayers(IndentedWriter w, CompactNetwork network, ParameterHome home)
    {
        foreach (DenseLayerEmitter layer in network.Emitters)
        {
            layer.WriteCompactForward(w, home);
        }
    }

    private static void WriteOutput(IndentedWriter w, CompactNetwork network)
    {
        for (int o = 0; o < network.OutputLayer.OutputSize; o++)
        {
            w.Line($"output[{Number(o)}] = {CompactNames.Output(network.OutputLayer.Number, o)};");
        }
    }

    /// <summary>Forward, the loss, the finiteness check (running <paramref name="onNonFinite"/>) and the step on every layer.</summary>
    private static void WriteStep(IndentedWriter w, CompactNetwork network, Scalar s, ParameterHome home, params string[] onNonFinite)
    {
        WriteLayers(w, network, home);
        var outputGradients = network.Loss(w, s, network.OutputLayer);
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
        for (int l = network.Emitters.Count - 1; l >= 0; l--)
        {
            network.Emitters[l].WriteCompactBackward(w, step: true, home);
        }
    }
}
