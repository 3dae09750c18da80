using System;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>Builds the ONNX model of a network: the scaler as Sub and Mul, then per dense layer a Gemm and its activation.</summary>
internal static class OnnxExporter
{
    // The tanh form of GELU that CompiledNet computes (CompiledNet.Generated.Activations.Gelu):
    // ½z(1 + tanh(√(2/π)(z + 0.044715z³))), with √(2/π) and 0.044715 rounded to T from these doubles.
    internal const double GeluScale = 0.7978845608028654;
    internal const double GeluCubic = 0.044715;

    public static ModelProto Build<T>(INetwork<T> network, FeatureScaler<T>? scaler)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NetworkArchitecture architecture = network.Architecture;
        if ((architecture.Precision == Precision.Double) != (typeof(T) == typeof(double)))
        {
            throw new ArgumentException(
                $"The network is declared {architecture.Precision} but implements INetwork<{typeof(T).Name}>.", nameof(network));
        }

        var graph = new GraphProto
        {
            Name = "CompiledNet",
            DocString = "CompiledNet network: " + architecture.Description,
        };
        graph.Input.Add(TensorValue<T>(OnnxModel.InputName, architecture.InputSize));
        graph.Output.Add(TensorValue<T>(OnnxModel.OutputName, architecture.OutputSize));

        string current = OnnxModel.InputName;
        if (scaler is not null)
        {
            T[] offsets = new T[scaler.FeatureCount];
            T[] scales = new T[scaler.FeatureCount];
            for (int i = 0; i < offsets.Length; i++)
            {
                offsets[i] = scaler.Offsets[i];
                scales[i] = scaler.Scales[i];
            }

            graph.Initializer.Add(OnnxTensors.Create<T>("scaler.offsets", offsets, offsets.Length));
            graph.Initializer.Add(OnnxTensors.Create<T>("scaler.scales", scales, scales.Length));
            current = Node(graph, "Sub", "scaler/Sub", "scaler.centred", current, "scaler.offsets");
            current = Node(graph, "Mul", "scaler/Mul", "scaler.scaled", current, "scaler.scales");
        }

        ReadOnlySpan<T> parameters = network.Parameters;
        int offset = 0;
        int fanIn = architecture.InputSize;
        bool geluConstants = false;
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var layer = (DenseLayerInfo)architecture.Layers[l];
            bool last = l == architecture.Layers.Count - 1;
            string prefix = "layer" + (l + 1).ToString(CultureInfo.InvariantCulture);
            string weight = prefix + ".weight";
            string bias = prefix + ".bias";
            graph.Initializer.Add(OnnxTensors.Create(weight, parameters.Slice(offset, layer.Size * fanIn), layer.Size, fanIn));
            offset += layer.Size * fanIn;
            graph.Initializer.Add(OnnxTensors.Create(bias, parameters.Slice(offset, layer.Size), layer.Size));
            offset += layer.Size;

            string y = last ? OnnxModel.OutputName : prefix + ".y";
            string z = layer.Activation == Activation.Linear ? y : prefix + ".z";
            NodeProto gemm = NodeOf("Gemm", prefix + "/Gemm", z, current, weight, bias);
            gemm.Attribute.Add(IntAttribute("transB", 1));
            graph.Node.Add(gemm);

            switch (layer.Activation)
            {
                case Activation.Linear:
                    break;
                case Activation.Sigmoid:
                    Node(graph, "Sigmoid", prefix + "/Sigmoid", y, z);
                    break;
                case Activation.Tanh:
                    Node(graph, "Tanh", prefix + "/Tanh", y, z);
                    break;
                case Activation.ReLU:
                    Node(graph, "Relu", prefix + "/Relu", y, z);
                    break;
                case Activation.LeakyReLU:
                    graph.Node.Add(WithAttribute(NodeOf("LeakyRelu", prefix + "/LeakyRelu", y, z), FloatAttribute("alpha", layer.NegativeSlope)));
                    break;
                case Activation.ELU:
                    graph.Node.Add(WithAttribute(NodeOf("Elu", prefix + "/Elu", y, z), FloatAttribute("alpha", layer.Alpha)));
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
                    if (!geluConstants)
                    {
                        graph.Initializer.Add(OnnxTensors.Scalar("gelu.cubic", T.CreateTruncating(GeluCubic)));
                        graph.Initializer.Add(OnnxTensors.Scalar("gelu.scale", T.CreateTruncating(GeluScale)));
                        graph.Initializer.Add(OnnxTensors.Scalar("gelu.one", T.One));
                        graph.Initializer.Add(OnnxTensors.Scalar("gelu.half", T.CreateTruncating(0.5)));
                        geluConstants = true;
                    }

                    AddGelu(graph, prefix, z, y);
                    break;
                case Activation.Softmax:
                    graph.Node.Add(WithAttribute(NodeOf("Softmax", prefix + "/Softmax", y, z), IntAttribute("axis", -1)));
                    break;
                default:
                    throw new NotSupportedException($"Layer {l + 1}'s activation {layer.Activation} has no ONNX form.");
            }

            current = y;
            fanIn = layer.Size;
        }

        var model = new ModelProto
        {
            IrVersion = OnnxModel.IrVersion,
            ProducerName = "CompiledNet",
            ProducerVersion = ProducerVersion(),
            Domain = "compilednet",
            ModelVersion = 1,
            DocString = "Exported by CompiledNet.Onnx from a network declared as: " + architecture.Description,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxModel.OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxModel.ArchitectureKey, Value = architecture.Description });
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = "compilednet.fingerprint",
            Value = architecture.Fingerprint.ToString("x16", CultureInfo.InvariantCulture),
        });
        if (scaler is not null)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxModel.ScalerKindKey, Value = scaler.Kind.ToString() });
        }

        return model;
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

    private static string Node(GraphProto graph, string op, string name, string output, params string[] inputs)
    {
        graph.Node.Add(NodeOf(op, name, output, inputs));
        return output;
    }

    private static NodeProto NodeOf(string op, string name, string output, params string[] inputs)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static NodeProto WithAttribute(NodeProto node, AttributeProto attribute)
    {
        node.Attribute.Add(attribute);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static ValueInfoProto TensorValue<T>(string name, int size)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxTensors.ElementType<T>(), Shape = shape } },
        };
    }

    private static string ProducerVersion()
    {
        string? version = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return "0.0.0";
        }

        int metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version.Substring(0, metadata);
    }
}
