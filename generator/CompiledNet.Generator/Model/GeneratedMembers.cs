using System;
using System.Text.RegularExpressions;

namespace CompiledNet.Generator.Model;

/// <summary>
/// The names the generated part of a network declares. A user member with one of them would collide with it, so the
/// analyzer reports CNET016 instead of letting the generated file fail to compile. A golden-file test checks that
/// every member the generator writes is listed here.
/// </summary>
internal static class GeneratedMembers
{
    private static readonly string[] Names =
    {
        "InputSize", "OutputSize", "ParameterCount",
        "Parameters", "Gradients", "Architecture",
        "ZeroGradients", "InitializeParameters", "DrawParameters", "NewParameters",
        "Forward", "ForwardBatch", "Backward", "TrainSample", "TrainSamples", "BackwardBatch",
        "_parameters", "_gradients", "s_architecture",
        "NativeExports",

        // Reserved on every network, not only those with [Dropout]: ReserveDropoutSamples would otherwise implement
        // INetwork's default member silently, and the trainer would call the user's method.
        "DropoutSeed", "DropoutPosition", "ReserveDropoutSamples", "_dropoutSeed", "_dropoutPosition",
    };

    /// <summary>What [Network(Weights = ...)] adds; reserved only on such networks, since Predict is a common name of the user's own.</summary>
    private static readonly string[] BakedNames =
    {
        "BakedParameters", "RestoreBakedParameters", "BakedScaler", "BakedScalerOffsets", "BakedScalerScales", "Predict", "PredictBatch", "ForwardFrozen",
    };

    /// <summary>The per-layer methods: Layer1Forward, Layer2SgdStep, Layer3BackwardBatch, Layer4Infer (max pooling and dropout at inference), Layer5InferBatch (a dense layer in ForwardBatch), ...</summary>
    private static readonly Regex LayerMethod = new("^Layer[0-9]+(Forward|Backward|SgdStep|ForwardBatch|BackwardBatch|Infer|InferBatch)$", RegexOptions.CultureInvariant);

    public static bool IsReserved(string name, bool bakesWeights) =>
        Array.IndexOf(Names, name) >= 0 || LayerMethod.IsMatch(name) || (bakesWeights && Array.IndexOf(BakedNames, name) >= 0);
}
