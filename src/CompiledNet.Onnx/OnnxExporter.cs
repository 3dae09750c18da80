using System;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>
/// Builds the ONNX model of a network: the scaler as Sub and Mul, then per layer its nodes (a Gemm, a Conv or a
/// pooling node, then the activation; a Flatten before the first dense layer that reads an image; nothing for dropout).
/// </summary>
internal static partial class OnnxExporter
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
        long[] inputDims = architecture.InputShape is { } shape ? new long[] { shape.Channels, shape.Height, shape.Width } : new long[] { architecture.InputSize };
        graph.Input.Add(TensorValue<T>(OnnxModel.InputName, inputDims));
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

            // Shaped as one sample, [n] or [C, H, W], so that they broadcast over the batch.
            graph.Initializer.Add(OnnxTensors.Create<T>("scaler.offsets", offsets, inputDims));
            graph.Initializer.Add(OnnxTensors.Create<T>("scaler.scales", scales, inputDims));
            current = Node(graph, "Sub", "scaler/Sub", "scaler.centred", current, "scaler.offsets");
            current = Node(graph, "Mul", "scaler/Mul", "scaler.scaled", current, "scaler.scales");
        }

        ReadOnlySpan<T> parameters = network.Parameters;
        bool image = architecture.InputShape is not null;
        var constants = new ActivationConstants<T>();
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            bool last = l == architecture.Layers.Count - 1;
            string prefix = "layer" + (l + 1).ToString(CultureInfo.InvariantCulture);
            string y = last ? OnnxModel.OutputName : prefix + ".y";
            TensorShape input = architecture.InputShapeOf(l);
            int offset = architecture.ParameterOffsetOf(l);
            switch (architecture.Layers[l])
            {
                case DenseLayerInfo dense:
                    if (image)
                    {
                        // [batch, C, H, W] → [batch, C·H·W] in CHW order, as nn.Flatten does.
                        current = AddNode(graph, WithAttribute(NodeOf("Flatten", prefix + "/Flatten", prefix + ".flat", current), IntAttribute("axis", 1)));
                        image = false;
                    }

                    current = AddDense(graph, parameters, prefix, dense, input.Size, offset, current, y);
                    AddActivation(graph, constants, l, prefix, dense.Activation, dense.NegativeSlope, dense.Alpha, current, y, perSample: true);
                    current = y;
                    break;
                case Conv2DLayerInfo conv:
                    current = AddConv(graph, parameters, prefix, conv, input.Channels, offset, current, y);
                    AddActivation(graph, constants, l, prefix, conv.Activation, conv.NegativeSlope, conv.Alpha, current, y, perSample: false);
                    current = y;
                    image = true;
                    break;
                case Pool2DLayerInfo pool:
                    current = AddNode(graph, Pooling(prefix, pool, current, y));
                    image = true;
                    break;
                case DropoutLayerInfo:
                    // The identity at inference, which is all an ONNX model computes: no node.
                    break;
                default:
                    throw new NotSupportedException($"Layer {l + 1} is a {architecture.Layers[l].GetType().Name}, which has no ONNX form.");
            }
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

    private static string Node(GraphProto graph, string op, string name, string output, params string[] inputs) =>
        AddNode(graph, NodeOf(op, name, output, inputs));

    private static string AddNode(GraphProto graph, NodeProto node)
    {
        graph.Node.Add(node);
        return node.Output[0];
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

    private static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto TensorValue<T>(string name, params long[] sampleDims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (long extent in sampleDims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = extent });
        }

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
