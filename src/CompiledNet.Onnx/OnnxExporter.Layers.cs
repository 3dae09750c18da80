using System;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>Each layer kind's nodes and initializers, and the activation nodes dense layers and convolutions share.</summary>
internal static partial class OnnxExporter
{
    /// <summary>A Gemm with transB = 1 over the weight [outputs, inputs]; returns its output z (y when the activation is Linear).</summary>
    private static string AddDense<T>(GraphProto graph, ReadOnlySpan<T> parameters, string prefix, DenseLayerInfo layer, int fanIn, int offset, string input, string y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string weight = prefix + ".weight";
        string bias = prefix + ".bias";
        graph.Initializer.Add(OnnxTensors.Create(weight, parameters.Slice(offset, layer.Size * fanIn), layer.Size, fanIn));
        graph.Initializer.Add(OnnxTensors.Create(bias, parameters.Slice(offset + (layer.Size * fanIn), layer.Size), layer.Size));

        string z = layer.Activation == Activation.Linear ? y : prefix + ".z";
        NodeProto gemm = NodeOf("Gemm", prefix + "/Gemm", z, input, weight, bias);
        gemm.Attribute.Add(IntAttribute("transB", 1));
        return AddNode(graph, gemm);
    }

    /// <summary>A Conv over the weight [filters, channels, kh, kw] and the bias; returns its output z.</summary>
    private static string AddConv<T>(GraphProto graph, ReadOnlySpan<T> parameters, string prefix, Conv2DLayerInfo layer, int channels, int offset, string input, string y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string weight = prefix + ".weight";
        string bias = prefix + ".bias";
        int weightCount = layer.Filters * channels * layer.KernelHeight * layer.KernelWidth;
        graph.Initializer.Add(OnnxTensors.Create(weight, parameters.Slice(offset, weightCount), layer.Filters, channels, layer.KernelHeight, layer.KernelWidth));
        graph.Initializer.Add(OnnxTensors.Create(bias, parameters.Slice(offset + weightCount, layer.Filters), layer.Filters));

        string z = layer.Activation == Activation.Linear ? y : prefix + ".z";
        NodeProto conv = NodeOf("Conv", prefix + "/Conv", z, input, weight, bias);
        conv.Attribute.Add(IntsAttribute("kernel_shape", layer.KernelHeight, layer.KernelWidth));
        conv.Attribute.Add(IntsAttribute("strides", layer.Stride, layer.Stride));
        conv.Attribute.Add(IntsAttribute("pads", layer.Padding, layer.Padding, layer.Padding, layer.Padding));
        return AddNode(graph, conv);
    }

    /// <summary>MaxPool or AveragePool without padding, in floor mode: ONNX's defaults, and the declaration's.</summary>
    private static NodeProto Pooling(string prefix, Pool2DLayerInfo layer, string input, string y)
    {
        string op = layer.Kind switch
        {
            PoolingKind.Max => "MaxPool",
            PoolingKind.Average => "AveragePool",
            _ => throw new NotSupportedException($"The pooling kind {layer.Kind} has no ONNX form."),
        };
        NodeProto node = NodeOf(op, prefix + "/" + op, y, input);
        node.Attribute.Add(IntsAttribute("kernel_shape", layer.Kernel, layer.Kernel));
        node.Attribute.Add(IntsAttribute("strides", layer.Stride, layer.Stride));
        return node;
    }

    /// <summary>
    /// The activation from <paramref name="z"/> to <paramref name="y"/>; nothing for Linear, whose z is y. Softmax is
    /// over each sample's values (axis -1), which only a dense layer's [batch, n] output has.
    /// </summary>
    private static void AddActivation<T>(GraphProto graph, ActivationConstants<T> constants, int l, string prefix, Activation activation, float negativeSlope, float alpha, string z, string y, bool perSample)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Linear:
                break;
            case Activation.Sigmoid:
            case Activation.ApproximateSigmoid:
                // ONNX has no approximate sigmoid: the exact one differs from it by at most 2e-5.
                Node(graph, "Sigmoid", prefix + "/Sigmoid", y, z);
                break;
            case Activation.Tanh:
                Node(graph, "Tanh", prefix + "/Tanh", y, z);
                break;
            case Activation.ReLU:
                Node(graph, "Relu", prefix + "/Relu", y, z);
                break;
            case Activation.LeakyReLU:
                graph.Node.Add(WithAttribute(NodeOf("LeakyRelu", prefix + "/LeakyRelu", y, z), FloatAttribute("alpha", negativeSlope)));
                break;
            case Activation.ELU:
                graph.Node.Add(WithAttribute(NodeOf("Elu", prefix + "/Elu", y, z), FloatAttribute("alpha", alpha)));
                break;
            case Activation.Softplus:
                Node(graph, "Softplus", prefix + "/Softplus", y, z);
                break;
            case Activation.SiLU:
                // SiLU(z) = z·σ(z); opset 17 has no SiLU operator.
                string sigmoid = Node(graph, "Sigmoid", prefix + "/SiLU/Sigmoid", prefix + ".sigmoid", z);
                Node(graph, "Mul", prefix + "/SiLU/Mul", y, z, sigmoid);
                break;
            case Activation.GELU:
                constants.AddGeluConstants(graph);
                AddGelu(graph, prefix, z, y);
                break;
            case Activation.Softmax when perSample:
                graph.Node.Add(WithAttribute(NodeOf("Softmax", prefix + "/Softmax", y, z), IntAttribute("axis", -1)));
                break;
            default:
                throw new NotSupportedException($"Layer {l + 1}'s activation {activation} has no ONNX form here.");
        }
    }

    // ½z(1 + tanh(√(2/π)(z + 0.044715z³))) in the order CompiledNet evaluates it:
    // (½·z)·(1 + tanh(√(2/π)·(z + ((0.044715·z)·z)·z))).
    private static void AddGelu(GraphProto graph, string prefix, string z, string y)
    {
        string p = prefix + "/GELU/";
        string q = prefix + ".gelu.";
        string a = Node(graph, "Mul", p + "CubicZ", q + "a", "gelu.cubic", z);
        string b = Node(graph, "Mul", p + "CubicZ2", q + "b", a, z);
        string c = Node(graph, "Mul", p + "CubicZ3", q + "c", b, z);
        string d = Node(graph, "Add", p + "Sum", q + "d", z, c);
        string e = Node(graph, "Mul", p + "Scale", q + "e", "gelu.scale", d);
        string t = Node(graph, "Tanh", p + "Tanh", q + "t", e);
        string u = Node(graph, "Add", p + "OnePlus", q + "u", "gelu.one", t);
        string h = Node(graph, "Mul", p + "HalfZ", q + "h", "gelu.half", z);
        Node(graph, "Mul", p + "Product", y, h, u);
    }

    /// <summary>The scalar initializers GELU layers share, added once, by the first of them.</summary>
    private sealed class ActivationConstants<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private bool _gelu;

        public void AddGeluConstants(GraphProto graph)
        {
            if (_gelu)
            {
                return;
            }

            graph.Initializer.Add(OnnxTensors.Scalar("gelu.cubic", T.CreateTruncating(GeluCubic)));
            graph.Initializer.Add(OnnxTensors.Scalar("gelu.scale", T.CreateTruncating(GeluScale)));
            graph.Initializer.Add(OnnxTensors.Scalar("gelu.one", T.One));
            graph.Initializer.Add(OnnxTensors.Scalar("gelu.half", T.CreateTruncating(0.5)));
            _gelu = true;
        }
    }
}
