using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static CompiledNet.Activation;

namespace CompiledNet.Tests.Gradients;

// Networks the generator compiles for these tests. Each has a twin ReferenceNetwork in TestNetworks.Cases below.
// Layers with at most 256 weights are unrolled, larger ones are loops over Kernels.Dot / Kernels.MultiplyAdd.

// Every hidden activation, unrolled (4·6 and 6·3 weights), feeding a linear output.
[Input(4), Dense(6, Sigmoid), Dense(3)] public partial class HiddenSigmoidNet;
[Input(4), Dense(6, Tanh), Dense(3)] public partial class HiddenTanhNet;
[Input(4), Dense(6, ReLU), Dense(3)] public partial class HiddenReluNet;
[Input(4), Dense(6, LeakyReLU), Dense(3)] public partial class HiddenLeakyReluNet;
[Input(4), Dense(6, LeakyReLU, NegativeSlope = 0.3f), Dense(3)] public partial class HiddenSteepLeakyReluNet;
[Input(4), Dense(6, ELU), Dense(3)] public partial class HiddenEluNet;
[Input(4), Dense(6, ELU, Alpha = 0.5f), Dense(3)] public partial class HiddenHalfAlphaEluNet;
[Input(4), Dense(6, Softplus), Dense(3)] public partial class HiddenSoftplusNet;
[Input(4), Dense(6, SiLU), Dense(3)] public partial class HiddenSiluNet;
[Input(4), Dense(6, GELU), Dense(3)] public partial class HiddenGeluNet;

// Every output activation under each loss it accepts, unrolled.
[Input(3), Dense(5, Tanh), Dense(4, Sigmoid)] public partial class OutputSigmoidNet;
[Input(3), Dense(5, Tanh), Dense(4, Tanh)] public partial class OutputTanhNet;
[Input(3), Dense(5, Tanh), Dense(4, ReLU)] public partial class OutputReluNet;
[Input(3), Dense(5, Tanh), Dense(4, LeakyReLU, NegativeSlope = 0.1f)] public partial class OutputLeakyReluNet;
[Input(3), Dense(5, Tanh), Dense(4, ELU, Alpha = 1.7f)] public partial class OutputEluNet;
[Input(3), Dense(5, Tanh), Dense(4, Softplus)] public partial class OutputSoftplusNet;
[Input(3), Dense(5, Tanh), Dense(4, SiLU)] public partial class OutputSiluNet;
[Input(3), Dense(5, Tanh), Dense(4, GELU)] public partial class OutputGeluNet;
[Input(3), Dense(5, Tanh), Dense(4, Softmax)] public partial class OutputSoftmaxMseNet;
[Network(Loss = Loss.CrossEntropy), Input(3), Dense(5, Tanh), Dense(4, Softmax)] public partial class OutputSoftmaxCrossEntropyNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(3), Dense(5, Tanh), Dense(4, Sigmoid)] public partial class OutputSigmoidBinaryCrossEntropyNet;

// Edge shapes: one neuron per layer, a single layer (first and output at once), the unroll boundary.
[Input(1), Dense(1, Tanh), Dense(1)] public partial class TinyNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(1), Dense(1, GELU), Dense(1, Sigmoid)] public partial class TinyBinaryCrossEntropyNet;
[Network(Loss = Loss.CrossEntropy), Input(1), Dense(1, ReLU), Dense(1, Softmax)] public partial class TinySoftmaxNet;
[Input(3), Dense(2)] public partial class SingleLinearLayerNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(4), Dense(1, Sigmoid)] public partial class LogisticRegressionNet;
[Network(Loss = Loss.CrossEntropy), Input(5), Dense(3, Softmax)] public partial class SoftmaxRegressionNet;
[Input(16), Dense(16, Tanh), Dense(1)] public partial class UnrollBoundaryNet; // 256 weights: the largest unrolled layer
[Network(Loss = Loss.BinaryCrossEntropy), Input(257), Dense(1, Sigmoid)] public partial class LoopedLogisticRegressionNet; // 257: the smallest loop
[Input(30), Dense(9, Softmax)] public partial class LoopedSoftmaxMseRegressionNet; // one looped layer through the full softmax Jacobian

// Deeper mixes of activations and losses, 3-7-5-2.
[Network(Loss = Loss.CrossEntropy), Input(3), Dense(7, Tanh), Dense(5, LeakyReLU, NegativeSlope = 0.2f), Dense(2, Softmax)]
public partial class MixedNet;

[Input(3), Dense(7, ELU, Alpha = 1.5f), Dense(5, SiLU), Dense(2, Sigmoid)] public partial class MixedMseNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(3), Dense(7, Softplus), Dense(5, GELU), Dense(2, Sigmoid)] public partial class MixedBinaryCrossEntropyNet;

// Loop layers (20·16 = 320 and 16·17 = 272 weights) with every activation, hidden and output.
[Input(20), Dense(16, Sigmoid), Dense(17, Sigmoid)] public partial class LoopSigmoidNet;
[Input(20), Dense(16, Tanh), Dense(17, Tanh)] public partial class LoopTanhNet;
[Input(20), Dense(16, ReLU), Dense(17, ReLU)] public partial class LoopReluNet;
[Input(20), Dense(16, LeakyReLU, NegativeSlope = 0.05f), Dense(17, LeakyReLU)] public partial class LoopLeakyReluNet;
[Input(20), Dense(16, ELU, Alpha = 0.8f), Dense(17, ELU)] public partial class LoopEluNet;
[Input(20), Dense(16, Softplus), Dense(17, Softplus)] public partial class LoopSoftplusNet;
[Input(20), Dense(16, SiLU), Dense(17, SiLU)] public partial class LoopSiluNet;
[Input(20), Dense(16, GELU), Dense(17, GELU)] public partial class LoopGeluNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(20), Dense(16, Tanh), Dense(17, Sigmoid)] public partial class LoopBinaryCrossEntropyNet;
[Input(20), Dense(16, ReLU), Dense(3)] public partial class LoopThenUnrolledNet; // 320 looped, then 48 unrolled
[Network(Loss = Loss.CrossEntropy), Input(12), Dense(30, Tanh), Dense(10, Softmax)] public partial class LoopSoftmaxCrossEntropyNet;
[Input(12), Dense(30, ReLU), Dense(10, Softmax)] public partial class LoopSoftmaxMseNet;
[Input(2), Dense(100, Tanh), Dense(3)] public partial class UnrolledThenLoopNet; // 200 unrolled, then 300 looped
[Input(20), Dense(17, ReLU), Dense(16, GELU), Dense(3, Softplus)] public partial class DeepLoopNet;

// Hidden layers of four sigmoid neurons, which compact networks compute as one vector (FastSigmoid): first, after a
// scalar layer (its dLoss/dInput comes from the weight columns), and two of them with a scalar layer between.
[Input(2), Dense(4, Sigmoid), Dense(1, Sigmoid)] public partial class VectorSigmoidNet;
[Network(Loss = Loss.BinaryCrossEntropy), Input(3), Dense(2, Tanh), Dense(4, Sigmoid), Dense(3, Sigmoid)] public partial class VectorAfterScalarNet;
[Input(5), Dense(4, Sigmoid), Dense(4, Sigmoid), Dense(4, Sigmoid), Dense(2)] public partial class VectorStackNet;

/// <summary>A generated network paired with an independent reference description of the same architecture.</summary>
internal sealed record NetworkCase(string Name, Func<int, INetwork<float>> Create, ReferenceNetwork Reference)
{
    public override string ToString() => Name;
}

internal static class TestNetworks
{
    public static readonly IReadOnlyList<NetworkCase> Cases =
    [
        Hidden<HiddenSigmoidNet>(s => new(s), Layer(6, Sigmoid)),
        Hidden<HiddenTanhNet>(s => new(s), Layer(6, Tanh)),
        Hidden<HiddenReluNet>(s => new(s), Layer(6, ReLU)),
        Hidden<HiddenLeakyReluNet>(s => new(s), Layer(6, LeakyReLU)),
        Hidden<HiddenSteepLeakyReluNet>(s => new(s), Layer(6, LeakyReLU, negativeSlope: 0.3f)),
        Hidden<HiddenEluNet>(s => new(s), Layer(6, ELU)),
        Hidden<HiddenHalfAlphaEluNet>(s => new(s), Layer(6, ELU, alpha: 0.5f)),
        Hidden<HiddenSoftplusNet>(s => new(s), Layer(6, Softplus)),
        Hidden<HiddenSiluNet>(s => new(s), Layer(6, SiLU)),
        Hidden<HiddenGeluNet>(s => new(s), Layer(6, GELU)),

        Output<OutputSigmoidNet>(s => new(s), Loss.MeanSquaredError, Layer(4, Sigmoid)),
        Output<OutputTanhNet>(s => new(s), Loss.MeanSquaredError, Layer(4, Tanh)),
        Output<OutputReluNet>(s => new(s), Loss.MeanSquaredError, Layer(4, ReLU)),
        Output<OutputLeakyReluNet>(s => new(s), Loss.MeanSquaredError, Layer(4, LeakyReLU, negativeSlope: 0.1f)),
        Output<OutputEluNet>(s => new(s), Loss.MeanSquaredError, Layer(4, ELU, alpha: 1.7f)),
        Output<OutputSoftplusNet>(s => new(s), Loss.MeanSquaredError, Layer(4, Softplus)),
        Output<OutputSiluNet>(s => new(s), Loss.MeanSquaredError, Layer(4, SiLU)),
        Output<OutputGeluNet>(s => new(s), Loss.MeanSquaredError, Layer(4, GELU)),
        Output<OutputSoftmaxMseNet>(s => new(s), Loss.MeanSquaredError, Layer(4, Softmax)),
        Output<OutputSoftmaxCrossEntropyNet>(s => new(s), Loss.CrossEntropy, Layer(4, Softmax)),
        Output<OutputSigmoidBinaryCrossEntropyNet>(s => new(s), Loss.BinaryCrossEntropy, Layer(4, Sigmoid)),

        Case<TinyNet>(s => new(s), 1, Loss.MeanSquaredError, Layer(1, Tanh), Layer(1, Linear)),
        Case<TinyBinaryCrossEntropyNet>(s => new(s), 1, Loss.BinaryCrossEntropy, Layer(1, GELU), Layer(1, Sigmoid)),
        Case<TinySoftmaxNet>(s => new(s), 1, Loss.CrossEntropy, Layer(1, ReLU), Layer(1, Softmax)),
        Case<SingleLinearLayerNet>(s => new(s), 3, Loss.MeanSquaredError, Layer(2, Linear)),
        Case<LogisticRegressionNet>(s => new(s), 4, Loss.BinaryCrossEntropy, Layer(1, Sigmoid)),
        Case<SoftmaxRegressionNet>(s => new(s), 5, Loss.CrossEntropy, Layer(3, Softmax)),
        Case<UnrollBoundaryNet>(s => new(s), 16, Loss.MeanSquaredError, Layer(16, Tanh), Layer(1, Linear)),
        Case<LoopedLogisticRegressionNet>(s => new(s), 257, Loss.BinaryCrossEntropy, Layer(1, Sigmoid)),
        Case<LoopedSoftmaxMseRegressionNet>(s => new(s), 30, Loss.MeanSquaredError, Layer(9, Softmax)),

        Case<MixedNet>(s => new(s), 3, Loss.CrossEntropy, Layer(7, Tanh), Layer(5, LeakyReLU, negativeSlope: 0.2f), Layer(2, Softmax)),
        Case<MixedMseNet>(s => new(s), 3, Loss.MeanSquaredError, Layer(7, ELU, alpha: 1.5f), Layer(5, SiLU), Layer(2, Sigmoid)),
        Case<MixedBinaryCrossEntropyNet>(s => new(s), 3, Loss.BinaryCrossEntropy, Layer(7, Softplus), Layer(5, GELU), Layer(2, Sigmoid)),

        Loop<LoopSigmoidNet>(s => new(s), Layer(16, Sigmoid), Layer(17, Sigmoid)),
        Loop<LoopTanhNet>(s => new(s), Layer(16, Tanh), Layer(17, Tanh)),
        Loop<LoopReluNet>(s => new(s), Layer(16, ReLU), Layer(17, ReLU)),
        Loop<LoopLeakyReluNet>(s => new(s), Layer(16, LeakyReLU, negativeSlope: 0.05f), Layer(17, LeakyReLU)),
        Loop<LoopEluNet>(s => new(s), Layer(16, ELU, alpha: 0.8f), Layer(17, ELU)),
        Loop<LoopSoftplusNet>(s => new(s), Layer(16, Softplus), Layer(17, Softplus)),
        Loop<LoopSiluNet>(s => new(s), Layer(16, SiLU), Layer(17, SiLU)),
        Loop<LoopGeluNet>(s => new(s), Layer(16, GELU), Layer(17, GELU)),
        Case<LoopBinaryCrossEntropyNet>(s => new(s), 20, Loss.BinaryCrossEntropy, Layer(16, Tanh), Layer(17, Sigmoid)),
        Case<LoopThenUnrolledNet>(s => new(s), 20, Loss.MeanSquaredError, Layer(16, ReLU), Layer(3, Linear)),
        Case<LoopSoftmaxCrossEntropyNet>(s => new(s), 12, Loss.CrossEntropy, Layer(30, Tanh), Layer(10, Softmax)),
        Case<LoopSoftmaxMseNet>(s => new(s), 12, Loss.MeanSquaredError, Layer(30, ReLU), Layer(10, Softmax)),
        Case<UnrolledThenLoopNet>(s => new(s), 2, Loss.MeanSquaredError, Layer(100, Tanh), Layer(3, Linear)),
        Case<DeepLoopNet>(s => new(s), 20, Loss.MeanSquaredError, Layer(17, ReLU), Layer(16, GELU), Layer(3, Softplus)),

        Case<VectorSigmoidNet>(s => new(s), 2, Loss.MeanSquaredError, Layer(4, Sigmoid), Layer(1, Sigmoid)),
        Case<VectorAfterScalarNet>(s => new(s), 3, Loss.BinaryCrossEntropy, Layer(2, Tanh), Layer(4, Sigmoid), Layer(3, Sigmoid)),
        Case<VectorStackNet>(s => new(s), 5, Loss.MeanSquaredError, Layer(4, Sigmoid), Layer(4, Sigmoid), Layer(4, Sigmoid), Layer(2, Linear)),
    ];

    /// <summary>The case names, for [MemberData]: strings keep each theory row readable and serialisable.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (NetworkCase c in Cases)
            {
                data.Add(c.Name);
            }

            return data;
        }
    }

    public static NetworkCase Get(string name) => Cases.Single(c => c.Name == name);

    private static ReferenceLayer Layer(int size, Activation activation, double negativeSlope = 0.01f, double alpha = 1.0) =>
        new(size, activation, negativeSlope, alpha);

    private static NetworkCase Case<TNetwork>(Func<int, TNetwork> create, int inputSize, Loss loss, params ReferenceLayer[] layers)
        where TNetwork : INetwork<float> =>
        new(typeof(TNetwork).Name, seed => create(seed), new ReferenceNetwork(inputSize, loss, layers));

    private static NetworkCase Hidden<TNetwork>(Func<int, TNetwork> create, ReferenceLayer hidden)
        where TNetwork : INetwork<float> =>
        Case(create, 4, Loss.MeanSquaredError, hidden, Layer(3, Linear));

    private static NetworkCase Output<TNetwork>(Func<int, TNetwork> create, Loss loss, ReferenceLayer output)
        where TNetwork : INetwork<float> =>
        Case(create, 3, loss, Layer(5, Tanh), output);

    private static NetworkCase Loop<TNetwork>(Func<int, TNetwork> create, ReferenceLayer hidden, ReferenceLayer output)
        where TNetwork : INetwork<float> =>
        Case(create, 20, Loss.MeanSquaredError, hidden, output);
}
