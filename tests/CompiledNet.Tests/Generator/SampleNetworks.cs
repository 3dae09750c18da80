using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>A network declaration and the hint name of the file the generator should add for it.</summary>
internal sealed record SampleNetwork(string Name, string HintName, string Source);

/// <summary>
/// The user declarations the golden, compilation and JIT-limit tests share. Theories take the name, not the record,
/// so each case stays a separate, serialisable test.
/// </summary>
internal static class SampleNetworks
{
    public static readonly SampleNetwork Xor = new("Xor", "Golden.XorNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class XorNet;
        """);

    // Exported as C functions xor_forward, xor_input_size and so on; samples/NativeLibrary declares the same network.
    public static readonly SampleNetwork NativeXor = new("NativeXor", "Golden.NativeXorNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [NativeExport("xor")]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class NativeXorNet;
        """);

    // A hidden layer of four sigmoid neurons after a scalar layer: one vector, its weights as columns, the next layer's as rows.
    public static readonly SampleNetwork VectorSigmoid = new("VectorSigmoid", "Golden.VectorSigmoidNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Input(2)]
        [Dense(3, Activation.Tanh)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class VectorSigmoidNet;
        """);

    public static readonly SampleNetwork EveryActivation = new("EveryActivation", "Golden.EveryActivationNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(3)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(4, Activation.Tanh)]
        [Dense(4, Activation.ReLU)]
        [Dense(4, Activation.LeakyReLU, NegativeSlope = 0.2f)]
        [Dense(4, Activation.ELU, Alpha = 0.5f)]
        [Dense(4, Activation.Softplus)]
        [Dense(4, Activation.SiLU)]
        [Dense(4, Activation.GELU)]
        [Dense(4, Activation.ApproximateSigmoid)]
        [Dense(3, Activation.Softmax)]
        public partial class EveryActivationNet;
        """);

    public static readonly SampleNetwork Mnist = new("Mnist", "Golden.MnistNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(784)]
        [Dense(256, Activation.ReLU)]
        [Dense(10, Activation.Softmax)]
        public partial class MnistNet;
        """);

    public static readonly SampleNetwork Regression = new("Regression", "Golden.RegressionNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Input(3)]
        [Dense(8, Activation.ReLU)]
        [Dense(1)]
        public partial class RegressionNet;
        """);

    public static readonly SampleNetwork BinaryClassifier = new("BinaryClassifier", "Golden.BinaryClassifierNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(4)]
        [Dense(6, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class BinaryClassifierNet;
        """);

    // Two enclosing types, one of them static, and a Softmax output trained on MSE (the unfused Jacobian path).
    public static readonly SampleNetwork Nested = new("Nested", "Golden.Nested.Zoo+Classifiers+NestedNet.g.cs", """
        using CompiledNet;

        namespace Golden.Nested
        {
            public static partial class Zoo
            {
                internal partial class Classifiers
                {
                    [Input(2)]
                    [Dense(3, Activation.ELU)]
                    [Dense(2, Activation.Softmax)]
                    public partial class NestedNet;
                }
            }
        }
        """);

    public static readonly SampleNetwork Mnist512 = new("Mnist512", "Large.Mnist512Net.g.cs", """
        using CompiledNet;

        namespace Large;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(784)]
        [Dense(512, Activation.ReLU)]
        [Dense(512, Activation.ReLU)]
        [Dense(10, Activation.Softmax)]
        public partial class Mnist512Net;
        """);

    // The worst cases for one method's size: layers of exactly UnrollThreshold (64) weights, so still unrolled. Deep and
    // HelperHeavy are not compact (too many weights; a softmax), so they cover the per-layer unrolled methods.
    public static readonly SampleNetwork WideUnrolled = new("WideUnrolled", "Limits.WideNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Input(1)]
        [Dense(64, Activation.ELU)]
        public partial class WideNet;
        """);

    public static readonly SampleNetwork FanInUnrolled = new("FanInUnrolled", "Limits.FanInNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Input(8)]
        [Dense(8, Activation.Sigmoid)]
        public partial class FanInNet;
        """);

    public static readonly SampleNetwork DeepUnrolled = new("DeepUnrolled", "Limits.DeepNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Input(8)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.Sigmoid)]
        public partial class DeepNet;
        """);

    // SiLU and GELU keep z and call helpers; Softmax under MSE runs the full Jacobian in the unrolled backward.
    public static readonly SampleNetwork HelperHeavyUnrolled = new("HelperHeavyUnrolled", "Limits.HelperHeavyNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Network(Loss = Loss.MeanSquaredError)]
        [Input(8)]
        [Dense(8, Activation.SiLU)]
        [Dense(8, Activation.GELU)]
        [Dense(8, Activation.Softmax)]
        public partial class HelperHeavyNet;
        """);

    // 1 → 256 again, but not the first layer (so it also sums dInput) and with a branching, parameterised derivative.
    public static readonly SampleNetwork WideHiddenUnrolled = new("WideHiddenUnrolled", "Limits.WideHiddenNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Input(4)]
        [Dense(1, Activation.Tanh)]
        [Dense(64, Activation.ELU, Alpha = 0.5f)]
        public partial class WideHiddenNet;
        """);

    // Precision.Double: double spans, Math instead of MathF, "d" literals, INetwork<double>.
    public static readonly SampleNetwork DoublePrecision = new("DoublePrecision", "Golden.DoubleNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.BinaryCrossEntropy, Precision = Precision.Double)]
        [Input(3)]
        [Dense(5, Activation.LeakyReLU, NegativeSlope = 0.1f)]
        [Dense(2, Activation.Sigmoid)]
        public partial class DoubleNet;
        """);

    // A hidden layer too wide for the stack: Forward and Backward borrow their buffers from the array pool.
    public static readonly SampleNetwork PooledScratch = new("PooledScratch", "Golden.PooledScratchNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(4)]
        [Dense(20000, Activation.ReLU)]
        [Dense(3, Activation.Softmax)]
        public partial class PooledScratchNet;
        """);

    // Every kind of convolutional layer, small: im2col convolution, both poolings (the max one keeps its argmax), dropout.
    public static readonly SampleNetwork SmallCnn = new("SmallCnn", "Golden.SmallCnnNet.g.cs", """
        using CompiledNet;

        namespace Golden;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(1, 8, 8)]
        [Conv2D(2, 3, Activation.ReLU, Padding = 1)]
        [MaxPool2D(2)]
        [AvgPool2D(2)]
        [Dropout(0.25)]
        [Dense(3, Activation.Softmax)]
        public partial class SmallCnnNet;
        """);

    // The Fashion-MNIST CNN: im2col buffers too large for the stack, a 3,136-input dense layer, dropout before it.
    public static readonly SampleNetwork FashionCnn = new("FashionCnn", "Limits.FashionCnnNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(1, 28, 28)]
        [Conv2D(32, 3, Activation.ReLU, Padding = 1)]
        [MaxPool2D(2)]
        [Conv2D(64, 3, Activation.ReLU, Padding = 1)]
        [MaxPool2D(2)]
        [Dropout(0.25)]
        [Dense(128, Activation.ReLU)]
        [Dense(10, Activation.Softmax)]
        public partial class FashionCnnNet;
        """);

    // A 7×7 kernel over eight channels, and 5×5 pooling windows, past the unrolled-window limit, so both loop.
    public static readonly SampleNetwork LargeWindowCnn = new("LargeWindowCnn", "Limits.LargeWindowCnnNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Network(Loss = Loss.CrossEntropy)]
        [Input(8, 64, 64)]
        [Conv2D(16, 7, Activation.Tanh, Padding = 3)]
        [MaxPool2D(5)]
        [AvgPool2D(5, Stride = 1)]
        [Dropout(0.5)]
        [Dense(10, Activation.Softmax)]
        public partial class LargeWindowCnnNet;
        """);

    // Compact networks at the limits: straight-line Forward, Backward and TrainSample, every value a local.
    // 128 neurons (the neuron limit) in a chain of one-neuron ELU layers, a branch per neuron both ways.
    public static readonly SampleNetwork CompactLong = new(
        "CompactLong",
        "Limits.CompactLongNet.g.cs",
        "using CompiledNet;\n\nnamespace Limits;\n\n[Input(1)]\n"
            + string.Concat(Enumerable.Repeat("[Dense(1, Activation.ELU)]\n", 128))
            + "public partial class CompactLongNet;\n");

    // 256 weights over four layers, with the runtime helpers of SiLU and GELU and the inline binary cross-entropy.
    public static readonly SampleNetwork CompactDeep = new("CompactDeep", "Limits.CompactDeepNet.g.cs", """
        using CompiledNet;

        namespace Limits;

        [Network(Loss = Loss.BinaryCrossEntropy)]
        [Input(8)]
        [Dense(8, Activation.SiLU)]
        [Dense(8, Activation.GELU)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.Sigmoid)]
        public partial class CompactDeepNet;
        """);

    // 256 weights in fifteen layers of four sigmoid neurons: every other hidden layer a vector layer.
    public static readonly SampleNetwork CompactVector = new(
        "CompactVector",
        "Limits.CompactVectorNet.g.cs",
        "using CompiledNet;\n\nnamespace Limits;\n\n[Input(8)]\n"
            + string.Concat(Enumerable.Repeat("[Dense(4, Activation.Sigmoid)]\n", 15))
            + "public partial class CompactVectorNet;\n");

    public static readonly IReadOnlyDictionary<string, SampleNetwork> ByName = new[]
    {
        Xor, EveryActivation, Mnist, Regression, BinaryClassifier, Nested, DoublePrecision, PooledScratch, Mnist512,
        WideUnrolled, WideHiddenUnrolled, FanInUnrolled, DeepUnrolled, HelperHeavyUnrolled, CompactLong, CompactDeep,
        CompactVector, VectorSigmoid, NativeXor, SmallCnn, FashionCnn, LargeWindowCnn,
    }.ToDictionary(n => n.Name);

    /// <summary>The networks with a committed golden file.</summary>
    public static TheoryData<string> Golden => Names(Xor, EveryActivation, Mnist, Regression, BinaryClassifier, Nested, DoublePrecision, PooledScratch, VectorSigmoid, NativeXor, SmallCnn);

    /// <summary>The networks whose compiled IL is checked against RyuJIT's MinOpts thresholds.</summary>
    public static TheoryData<string> JitChecked => Names(
        Xor, EveryActivation, Mnist, Mnist512, PooledScratch, WideUnrolled, WideHiddenUnrolled, FanInUnrolled, DeepUnrolled, HelperHeavyUnrolled,
        CompactLong, CompactDeep, CompactVector, SmallCnn, FashionCnn, LargeWindowCnn);

    private static TheoryData<string> Names(params SampleNetwork[] networks) => new(networks.Select(n => n.Name));
}
