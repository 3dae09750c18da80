using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Writes the C entry points of a network declared with [NativeExport("p")]: a nested static class whose
/// [UnmanagedCallersOnly] methods NativeAOT exports as p_input_size, p_forward and so on. Each returns 0 or a
/// negative error code and never lets an exception cross into C.
/// </summary>
internal static class NativeExportEmitter
{
    public static void Write(IndentedWriter w, NetworkSpec network, Scalar s)
    {
        string prefix = network.NativePrefix!;
        string net = QualifiedName(network);
        string t = s.Keyword;

        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// The C entry points {prefix}_*, exported when the library is published with NativeAOT (-p:NativeLib=Shared).");
        w.Line("/// They return 0, or -1 for a null pointer, -2 for a wrong input or parameter length, -3 for a wrong output or");
        w.Line("/// target length, -100 for an unexpected exception. They share one network, created with seed 0's weights:");
        w.Line("/// forward and forward_batch may run on many threads at once, but set_parameters and train_sample change the weights and must not");
        w.Line("/// run alongside any other call.");
        w.Line("/// </summary>");
        using (w.Block("public static unsafe class NativeExports"))
        {
            w.Line($"private static readonly {net} s_network = new();");

            WriteConstant(w, prefix, "input_size", "InputSize", net);
            WriteConstant(w, prefix, "output_size", "OutputSize", net);
            WriteConstant(w, prefix, "parameter_count", "ParameterCount", net);

            Guarded(w, prefix, "forward", $"Forward({t}* input, int inputLength, {t}* output, int outputLength)", "Runs Forward on the shared network.", () =>
            {
                Check(w, "input == null || output == null", -1);
                Check(w, $"inputLength != {net}.InputSize", -2);
                Check(w, $"outputLength != {net}.OutputSize", -3);
                w.Line($"s_network.Forward(new {s.ReadOnlySpan}(input, inputLength), new {s.Span}(output, outputLength));");
            });

            Guarded(w, prefix, "forward_batch", $"ForwardBatch({t}* inputs, int inputLength, {t}* outputs, int outputLength)", "Runs ForwardBatch on the shared network: whole input rows in, one output row each out.", () =>
            {
                Check(w, "inputs == null || outputs == null", -1);
                Check(w, $"inputLength < 0 || inputLength % {net}.InputSize != 0", -2);
                Check(w, $"(long)outputLength != (long)(inputLength / {net}.InputSize) * {net}.OutputSize", -3);
                w.Line($"s_network.ForwardBatch(new {s.ReadOnlySpan}(inputs, inputLength), new {s.Span}(outputs, outputLength));");
            });

            Guarded(w, prefix, "get_parameters", $"GetParameters({t}* destination, int length)", "Copies the shared network's weights and biases into destination.", () =>
            {
                Check(w, "destination == null", -1);
                Check(w, $"length != {net}.ParameterCount", -2);
                w.Line($"s_network.Parameters.CopyTo(new {s.Span}(destination, length));");
            });

            Guarded(w, prefix, "set_parameters", $"SetParameters({t}* source, int length)", "Replaces the shared network's weights and biases; not thread-safe.", () =>
            {
                Check(w, "source == null", -1);
                Check(w, $"length != {net}.ParameterCount", -2);
                w.Line($"new {s.ReadOnlySpan}(source, length).CopyTo(s_network.Parameters);");
            });

            Guarded(w, prefix, "train_sample", $"TrainSample({t}* input, int inputLength, {t}* target, int targetLength, {t} learningRate, {t}* loss)", "One SGD step of the shared network on one sample; writes the loss before the step to loss unless it is null. Not thread-safe.", () =>
            {
                Check(w, "input == null || target == null", -1);
                Check(w, $"inputLength != {net}.InputSize", -2);
                Check(w, $"targetLength != {net}.OutputSize", -3);
                w.Line($"{t} sampleLoss = s_network.TrainSample(new {s.ReadOnlySpan}(input, inputLength), new {s.ReadOnlySpan}(target, targetLength), learningRate);");
                using (w.Block("if (loss != null)"))
                {
                    w.Line("*loss = sampleLoss;");
                }
            });
        }
    }

    /// <summary>The network's full name from global::, so no user type can capture it.</summary>
    private static string QualifiedName(NetworkSpec network)
    {
        string name = "global::";
        if (network.Namespace is not null)
        {
            name += Identifiers.EscapeNamespace(network.Namespace) + ".";
        }

        foreach (ContainingTypeSpec outer in network.ContainingTypes)
        {
            name += Identifiers.Escape(outer.Name) + ".";
        }

        return name + Identifiers.Escape(network.Name);
    }

    private static void WriteConstant(IndentedWriter w, string prefix, string suffix, string constant, string net)
    {
        EntryPoint(w, prefix, suffix, $"The network's {constant}.");
        w.Line($"public static int {constant}() => {net}.{constant};");
    }

    private static void EntryPoint(IndentedWriter w, string prefix, string suffix, string summary)
    {
        w.Line();
        w.Line($"/// <summary>{summary} C: {prefix}_{suffix}.</summary>");
        w.Line($"[global::System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = \"{prefix}_{suffix}\")]");
    }

    /// <summary>The body of an entry point: nothing may throw across the boundary into C.</summary>
    private static void Guarded(IndentedWriter w, string prefix, string suffix, string signature, string summary, System.Action body)
    {
        EntryPoint(w, prefix, suffix, summary);
        using (w.Block("public static int " + signature))
        {
            using (w.Block("try"))
            {
                body();
                w.Line("return 0;");
            }

            using (w.Block("catch (global::System.Exception)"))
            {
                w.Line("return -100;");
            }
        }
    }

    private static void Check(IndentedWriter w, string condition, int code)
    {
        using (w.Block($"if ({condition})"))
        {
            w.Line($"return {code};");
        }

        w.Line();
    }
}
