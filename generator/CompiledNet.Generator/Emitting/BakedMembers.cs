using System;
using CompiledNet.Generator.Emitting.Compact;
using CompiledNet.Generator.Emitting.PerSample;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// The members a network gains from [Network(Weights = ...)], beside the data <see cref="BakedWeightsEmitter"/> writes:
/// putting the baked weights back, the saved feature scaler with Predict and PredictBatch, and for a compact network ForwardFrozen.
/// </summary>
internal static class BakedMembers
{
    public static void Write(IndentedWriter w, NetworkSpec network, BakedWeights baked, CompactNetwork? compact, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Puts the baked weights back into <see cref=\"Parameters\"/>, undoing any training since the network was");
        w.Line("/// created; <see cref=\"Gradients\"/> are left as they are. Allocates nothing.");
        w.Line("/// </summary>");
        using (w.Block("public void RestoreBakedParameters()"))
        {
            w.Line("BakedParameters.CopyTo(Parameters);");
        }

        if (baked.HasScaler)
        {
            WriteScalerAndPredict(w, network, baked, s);
        }

        if (compact is not null)
        {
            WriteForwardFrozen(w, compact, baked, s);
        }
    }

    private static void WriteScalerAndPredict(IndentedWriter w, NetworkSpec network, BakedWeights baked, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The feature scaler saved with the baked weights. <see cref=\"Predict\"/> applies it; to call <see cref=\"Forward\"/>");
        w.Line("/// yourself, scale the raw features with its <c>Transform</c> first, as the network was trained.");
        w.Line("/// </summary>");
        w.Line($"public static global::CompiledNet.FeatureScaler<{s.Keyword}> BakedScaler {{ get; }} = new(");
        w.Line($"    global::CompiledNet.ScalingKind.{ScalingKindName(baked.ScalerKind)},");
        w.Line("    BakedScalerOffsets.ToArray(),");
        w.Line("    BakedScalerScales.ToArray());");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Runs the network on raw, unscaled features: scales them with <see cref=\"BakedScaler\"/>, then runs");
        w.Line("/// <see cref=\"Forward\"/>. Allocates nothing and keeps no state, so many threads may call it at once.");
        w.Line("/// </summary>");
        using (NetworkMethods.OpenSampleMethod(w, $"public void Predict({s.ReadOnlySpan} features, {s.Span} output)", "features", "output"))
        {
            using (ScratchBuffers.Declare(w, s, new PerSample.ScratchBuffer[] { ("scaled", network.InputSize) }))
            {
                w.Line("BakedScaler.Transform(features, scaled);");
                w.Line("Forward(scaled, output);");
            }
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// <see cref=\"Predict\"/> on raw rows stored one after another, <see cref=\"InputSize\"/> values each: each row scaled");
        w.Line("/// with <see cref=\"BakedScaler\"/>, then <see cref=\"ForwardBatch\"/>, so each output row equals <see cref=\"Predict\"/>'s up to");
        w.Line("/// <see cref=\"ForwardBatch\"/>'s rounding. Allocates nothing once the shared array pool is warm and keeps no state.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"features\"/> does not hold whole rows, or <paramref name=\"outputs\"/> does not hold one output row for each.</exception>");
        w.Line($"public void PredictBatch({s.ReadOnlySpan} features, {s.Span} outputs) =>");
        w.Line("    global::CompiledNet.Generated.SampleRuns.ScaledForwardBatch(this, BakedScaler, features, outputs);");
    }

    private static void WriteForwardFrozen(IndentedWriter w, CompactNetwork compact, BakedWeights baked, Scalar s)
    {
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// <see cref=\"Forward\"/> with the baked weights written into the code as constants: the same arithmetic, so");
        w.Line("/// the same outputs bit for bit as <see cref=\"Forward\"/> on the baked weights. It ignores <see cref=\"Parameters\"/>:");
        w.Line("/// after training it still computes the network as baked. Allocates nothing and keeps no state.");
        w.Line("/// </summary>");
        using (NetworkMethods.OpenSampleMethod(w, $"public void ForwardFrozen({s.ReadOnlySpan} input, {s.Span} output)", "input", "output"))
        {
            CompactEmitter.WriteFrozenForwardBody(w, compact, baked, s);
        }
    }

    /// <summary>The runtime's ScalingKind member for the value a weight file stores (checked when the file was read).</summary>
    private static string ScalingKindName(int kind) => kind switch
    {
        1 => "MinMax",
        2 => "Standardize",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The weight-file decoder accepts scaler kinds 1 and 2 only."),
    };
}
