using CompiledNet.Generator.Emitting.Compact;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Tables;

/// <summary>One entry per loss, in the order of <see cref="LossKind"/>; a test checks that every kind has exactly one.</summary>
internal static class LossTable
{
    public static readonly LossEntry[] Entries =
    {
        new(LossKind.MeanSquaredError)
        {
            RuntimeMethod = "MeanSquaredError",
            Inline = InlineLosses.WriteMeanSquaredError,
        },
        new(LossKind.CrossEntropy)
        {
            RequiredOutput = ActivationKind.Softmax,
            RuntimeMethod = "SoftmaxCrossEntropy",
        },
        new(LossKind.BinaryCrossEntropy)
        {
            RequiredOutput = ActivationKind.Sigmoid,
            RuntimeMethod = "SigmoidBinaryCrossEntropy",
            Inline = InlineLosses.WriteBinaryCrossEntropy,
        },
    };

    public static LossEntry Of(LossKind kind) => Entries[(int)kind];

    /// <summary>The runtime call that computes one sample's loss, given the output layer's spans and the target.</summary>
    public static string Call(LossEntry loss, string scalarKeyword, string preActivations, string activations, string target, string delta) =>
        $"global::CompiledNet.Generated.Losses.{loss.RuntimeMethod}<{scalarKeyword}>("
        + (loss.IsFused ? preActivations + ", " : string.Empty)
        + $"{activations}, {target}, {delta})";
}
