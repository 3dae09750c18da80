using System;
using System.IO;
using System.Linq;
using CompiledNet.Onnx.Protobuf;
using Xunit;
using Xunit.Abstractions;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.ApproximateSigmoid)]
[Dense(5, Activation.ApproximateSigmoid)]
[Dense(2, Activation.ApproximateSigmoid)]
public partial class ApproximateSigmoidNet;

/// <summary>W1's shape: a compact float network whose hidden layer of four is one vector.</summary>
[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(2)]
[Dense(4, Activation.ApproximateSigmoid)]
[Dense(1, Activation.ApproximateSigmoid)]
public partial class VectorApproximateSigmoidNet;

/// <summary>
/// Activation.ApproximateSigmoid has no ONNX operator: it is exported as the exact Sigmoid, and a Sigmoid loads into
/// a layer declared with it. ONNX Runtime then computes the exact sigmoid, within the approximation's bound of Forward.
/// </summary>
public sealed class ApproximateSigmoidExportTests(ITestOutputHelper output)
{
    [Fact]
    public void It_exports_as_the_exact_Sigmoid_node_and_the_graph_is_the_sigmoid_network_s()
    {
        var approximate = new ApproximateSigmoidNet();
        var exact = new SigmoidNet();
        Randomize(approximate, 5);
        approximate.Parameters.CopyTo(exact.Parameters);

        GraphProto approximateGraph = ModelProto.Parser.ParseFrom(Export(approximate)).Graph;
        GraphProto exactGraph = ModelProto.Parser.ParseFrom(Export(exact)).Graph;

        Assert.Equal(3, approximateGraph.Node.Count(n => n.OpType == "Sigmoid"));
        Assert.Equal(exactGraph.Node.Select(n => (n.OpType, n.Name)), approximateGraph.Node.Select(n => (n.OpType, n.Name)));
        Assert.Equal(exactGraph.Initializer, approximateGraph.Initializer);
    }

    [Fact]
    public void ONNX_Runtime_s_exact_sigmoid_stays_within_the_approximation_s_bound_of_Forward()
    {
        // Each layer's outputs differ by at most 2e-5, and a layer passes on a difference in its inputs scaled by at
        // most ¼·Σ|w| ≤ ¼·6·0.9 = 1.35 (weights within ±0.9): 2e-5·(1 + 1.35 + 1.35²) < 1e-4 at the output.
        foreach (INetwork<float> network in new INetwork<float>[] { new ApproximateSigmoidNet(), new VectorApproximateSigmoidNet() })
        {
            Randomize(network, 7);
            float[] inputs = Inputs<float>(64, network.InputSize, 8);
            float[] expected = RunForward(network, inputs, 64);
            float[] actual = RunOnnx(Export(network), inputs, 64, network.InputSize);
            (double absolute, _) = Differences(expected, actual);
            output.WriteLine($"{network.GetType().Name}: largest |ONNX Runtime - Forward| {absolute:E2}.");
            Assert.True(absolute <= 1e-4, $"{network.GetType().Name}: {absolute:E2}.");
        }
    }

    [Fact]
    public void A_Sigmoid_model_loads_into_it_and_another_activation_is_refused()
    {
        var exact = new SigmoidNet();
        Randomize(exact, 9);
        var approximate = new ApproximateSigmoidNet();
        OnnxModel.Load(new MemoryStream(Export(exact)), approximate);
        Assert.True(SameBits<float>(exact.Parameters, approximate.Parameters));

        var before = approximate.Parameters.ToArray();
        OnnxModelException refused = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(new MemoryStream(Export(new TanhNet())), new ApproximateSigmoidNet()));
        Assert.Contains("layer 1 is declared ApproximateSigmoid", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Tanh", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, approximate.Parameters.ToArray());
    }
}
