using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>
/// Reads the parameters (and the feature scaler, if any) of an ONNX model whose graph is the chain a network declares:
/// an optional Sub and Mul (the scaler), then per layer its nodes: a Gemm (or MatMul and Add) or a Conv, each with the
/// declared activation, a MaxPool or AveragePool, a Flatten (or Reshape) where a dense layer first reads an image.
/// Never touches a network: it returns new arrays, or throws <see cref="OnnxModelException"/>.
/// </summary>
internal sealed partial class OnnxImporter
{
    private readonly GraphProto _graph;
    private readonly NetworkArchitecture _architecture;
    private readonly string _source;
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly List<(int Index, NodeProto Node)> _nodes = new();
    private int _position;
    private string _current = string.Empty;

    // The chain's tensor is [batch, C, H, W] (before the first dense layer of a network with an image input), not
    // [batch, n]: a Flatten there is a layer boundary, not a no-op.
    private bool _image;

    private OnnxImporter(GraphProto graph, NetworkArchitecture architecture, string source)
    {
        _graph = graph;
        _architecture = architecture;
        _source = source;
    }

    public static (T[] Parameters, FeatureScaler<T>? Scaler) Read<T>(ModelProto model, NetworkArchitecture architecture, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Graph is null)
        {
            throw new OnnxModelException($"{source} holds no graph; it is not an ONNX model.");
        }

        var importer = new OnnxImporter(model.Graph, architecture, source);
        return importer.Read<T>(model);
    }

    private (T[] Parameters, FeatureScaler<T>? Scaler) Read<T>(ModelProto model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CollectConstants();
        string input = GraphInput();
        string output = GraphOutput();
        _current = input;
        _image = _architecture.InputShape is not null;

        FeatureScaler<T>? scaler = ReadScaler<T>(model);
        var parameters = new double[_architecture.ParameterCount];
        for (int l = 0; l < _architecture.Layers.Count; l++)
        {
            TensorShape shape = _architecture.InputShapeOf(l);
            int offset = _architecture.ParameterOffsetOf(l);
            switch (_architecture.Layers[l])
            {
                case DenseLayerInfo dense:
                    if (_image)
                    {
                        ReadFlatten(l, dense, shape);
                        _image = false;
                    }

                    ReadDense(l, dense, shape.Size, parameters.AsSpan(offset, (shape.Size + 1) * dense.Size));
                    ReadActivation(l, dense.Activation, dense.NegativeSlope, dense.Alpha, "its dense part");
                    break;
                case Conv2DLayerInfo conv:
                    int weights = conv.Filters * shape.Channels * conv.KernelHeight * conv.KernelWidth;
                    ReadConv(l, conv, shape, parameters.AsSpan(offset, weights + conv.Filters));
                    ReadActivation(l, conv.Activation, conv.NegativeSlope, conv.Alpha, "its Conv");
                    _image = true;
                    break;
                case Pool2DLayerInfo pool:
                    ReadPool(l, pool, shape);
                    _image = true;
                    break;
                case DropoutLayerInfo:
                    // Nothing at inference; a Dropout node in the model is skipped wherever it stands (Peek).
                    break;
                default:
                    throw new NotSupportedException($"Layer {l + 1} is a {_architecture.Layers[l].GetType().Name}, which CompiledNet.Onnx does not import.");
            }
        }

        if (Peek() is { } extra)
        {
            throw Refuse(extra, $"the network's {_architecture.Layers.Count} layers end before it ({_architecture.Description}); the model computes more");
        }

        if (_current != output)
        {
            throw new OnnxModelException($"{_source}: the chain of layers ends in '{_current}', but the graph's output is '{output}'.");
        }

        return (Convert<T>(parameters), scaler);
    }

    // Initializers, Constant nodes and Identity nodes of constants are the model's constants; every other node joins
    // the chain the reader walks.
    private void CollectConstants()
    {
        if (_graph.SparseInitializer.Count > 0)
        {
            throw new OnnxModelException($"{_source} holds sparse initializers, which CompiledNet does not read.");
        }

        foreach (TensorProto tensor in _graph.Initializer)
        {
            if (!_constants.TryAdd(tensor.Name, tensor))
            {
                throw new OnnxModelException($"{_source} has two initializers named '{tensor.Name}'.");
            }
        }

        for (int i = 0; i < _graph.Node.Count; i++)
        {
            NodeProto node = _graph.Node[i];
            if (!string.IsNullOrEmpty(node.Domain) && node.Domain != "ai.onnx")
            {
                throw Refuse(i, node, $"its domain '{node.Domain}' is not the standard ONNX operator set");
            }

            // Dropout may also write its mask, which nothing on the chain reads.
            bool maskOutput = node.OpType == "Dropout" && node.Output.Count == 2;
            if ((node.Output.Count != 1 && !maskOutput) || node.Output[0].Length == 0)
            {
                throw Refuse(i, node, $"it has {node.Output.Count} outputs; every node of the chain has one");
            }

            if (node.OpType == "Constant")
            {
                AttributeProto? value = node.Attribute.FirstOrDefault(a => a.Name == "value");
                if (value?.T is null || node.Attribute.Count != 1)
                {
                    throw Refuse(i, node, "only a Constant with a tensor 'value' is read");
                }

                AddConstant(i, node, value.T);
            }
            else if (node.OpType == "Identity" && node.Input.Count == 1 && _constants.TryGetValue(node.Input[0], out TensorProto? source))
            {
                AddConstant(i, node, source);
            }
            else
            {
                _nodes.Add((i, node));
            }
        }
    }

    private void AddConstant(int index, NodeProto node, TensorProto tensor)
    {
        if (!_constants.TryAdd(node.Output[0], tensor))
        {
            throw Refuse(index, node, $"its output '{node.Output[0]}' is already defined");
        }
    }

    private string GraphInput()
    {
        ValueInfoProto[] inputs = _graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToArray();
        long[] sample = _architecture.InputShape is { } image ? new long[] { image.Channels, image.Height, image.Width } : new long[] { _architecture.InputSize };
        if (inputs.Length != 1)
        {
            throw new OnnxModelException(
                $"{_source} has {inputs.Length} graph inputs besides its initializers; a network takes one tensor of shape {BatchShape(sample)}.");
        }

        CheckTensorValue(inputs[0], "input", sample);
        return inputs[0].Name;
    }

    private string GraphOutput()
    {
        if (_graph.Output.Count != 1)
        {
            throw new OnnxModelException(
                $"{_source} has {_graph.Output.Count} graph outputs; a network gives one tensor of shape [batch, {_architecture.OutputSize}].");
        }

        CheckTensorValue(_graph.Output[0], "output", _architecture.OutputSize);
        return _graph.Output[0].Name;
    }

    private void CheckTensorValue(ValueInfoProto value, string role, params long[] sample)
    {
        TypeProto.Types.Tensor? tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            throw new OnnxModelException($"{_source}: the graph's {role} '{value.Name}' is not a tensor.");
        }

        if (tensor.ElemType != OnnxTensors.Float && tensor.ElemType != OnnxTensors.Double)
        {
            throw new OnnxModelException(
                $"{_source}: the graph's {role} '{value.Name}' holds {OnnxTensors.DescribeType(tensor.ElemType)}, not FLOAT or DOUBLE.");
        }

        if (tensor.Shape is null)
        {
            return;
        }

        // The batch axis may be anything; a symbolic extent of a sample's axis is taken to fit.
        var dims = tensor.Shape.Dim;
        bool sizeMatches = dims.Count == sample.Length + 1;
        for (int d = 1; sizeMatches && d < dims.Count; d++)
        {
            sizeMatches = dims[d].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[d].DimValue == sample[d - 1];
        }

        if (!sizeMatches)
        {
            string shape = "[" + string.Join(", ", dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
                ? d.DimValue.ToString(CultureInfo.InvariantCulture)
                : d.DimParam.Length > 0 ? d.DimParam : "?")) + "]";
            throw new OnnxModelException(
                $"{_source}: the graph's {role} '{value.Name}' has shape {shape}, but the network's {role} is {BatchShape(sample)}.");
        }
    }

    private FeatureScaler<T>? ReadScaler<T>(ModelProto model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Peek() is not { Node.OpType: "Sub" } sub)
        {
            return null;
        }

        int[] n = _architecture.InputShape is { } image ? new[] { image.Channels, image.Height, image.Width } : new[] { _architecture.InputSize };
        double[] offsets = Operand(sub, "the scaler's offsets", n);
        Advance();
        _current = sub.Node.Output[0];
        if (Peek() is not { Node.OpType: "Mul" } mul)
        {
            throw Refuse(Peek() ?? sub, "a scaler's Sub must be followed by a Mul by the scales");
        }

        double[] scales = Operand(mul, "the scaler's scales", n);
        Advance();
        _current = mul.Node.Output[0];

        ScalingKind kind = ScalingKind.Standardize;
        string? stored = model.MetadataProps.FirstOrDefault(p => p.Key == OnnxModel.ScalerKindKey)?.Value;
        if (stored is not null && !Enum.TryParse(stored, ignoreCase: false, out kind))
        {
            throw new OnnxModelException($"{_source}: its metadata names the scaling kind '{stored}', which CompiledNet does not know.");
        }

        try
        {
            return new FeatureScaler<T>(kind, Convert<T>(offsets), Convert<T>(scales));
        }
        catch (ArgumentException invalid)
        {
            throw new OnnxModelException($"{_source} holds an invalid feature scaler (Sub and Mul before the first layer): {invalid.Message}", invalid);
        }
    }

    // A binary node of the chain: one input is the current tensor, the other a constant of one sample's shape ([n] or
    // [C, H, W]), with or without a batch axis of 1.
    private double[] Operand((int Index, NodeProto Node) node, string what, params int[] shape)
    {
        if (node.Node.Input.Count != 2 || !node.Node.Input.Contains(_current))
        {
            throw Refuse(node, $"it does not take the chain's tensor '{_current}' and one constant");
        }

        string name = node.Node.Input[0] == _current ? node.Node.Input[1] : node.Node.Input[0];
        if (node.Node.OpType == "Sub" && node.Node.Input[0] != _current)
        {
            throw Refuse(node, "a scaler subtracts its offsets from the input, not the input from them");
        }

        return ConstantOfShape(node, name, what, shape, batchAxis: true);
    }

    // The values of a constant operand with the given shape; [1, n] is accepted for a vector of n.
    private double[] Constant((int Index, NodeProto Node) node, string name, string what, params int[] shape) =>
        ConstantOfShape(node, name, what, shape, batchAxis: shape.Length == 1);

    // The values of a constant operand with the given shape, or with a leading axis of 1 before it when batchAxis.
    private double[] ConstantOfShape((int Index, NodeProto Node) node, string name, string what, int[] shape, bool batchAxis)
    {
        if (!_constants.TryGetValue(name, out TensorProto? tensor))
        {
            throw Refuse(node, $"{what} '{name}' is not an initializer or a constant; CompiledNet reads weights that are stored in the model");
        }

        var dims = tensor.Dims;
        bool matches = dims.Count == shape.Length && dims.Zip(shape).All(p => p.First == p.Second);
        if (!matches && batchAxis)
        {
            matches = dims.Count == shape.Length + 1 && dims[0] == 1 && dims.Skip(1).Zip(shape).All(p => p.First == p.Second);
        }

        if (!matches)
        {
            throw Refuse(node, $"{what} '{name}' has shape {OnnxTensors.DescribeShape(dims)}, but the network needs {OnnxTensors.DescribeShape(shape.Select(s => (long)s))}");
        }

        return OnnxTensors.Read(tensor, out string problem)
            ?? throw Refuse(node, $"{what} '{name}' cannot be read: {problem}");
    }

    // The next node of the chain, after the no-ops on it: Identity, Dropout at inference, a Pad by zeros (which
    // torch.onnx.export puts before AveragePool), and Flatten of a [batch, n] tensor at axis 1.
    private (int Index, NodeProto Node)? Peek()
    {
        while (_position < _nodes.Count)
        {
            (int index, NodeProto node) = _nodes[_position];
            bool noOp = node.Input.Count >= 1 && node.Input[0] == _current && node.OpType switch
            {
                "Identity" => node.Attribute.Count == 0 && node.Input.Count == 1,
                "Flatten" => !_image && node.Input.Count == 1 && node.Attribute.All(a => a.Name == "axis" && a.I == 1),
                "Dropout" => IsInferenceDropout(node),
                "Pad" => PadsNothing(node),
                _ => false,
            };
            if (!noOp)
            {
                return (index, node);
            }

            _current = node.Output[0];
            _position++;
        }

        return null;
    }

    private void Advance() => _position++;

    // Dropout is the identity unless its training_mode input is true; ratio and seed change nothing then.
    private bool IsInferenceDropout(NodeProto node)
    {
        if (node.Input.Count > 3 || node.Attribute.Any(a => a.Name != "seed"))
        {
            return false;
        }

        return node.Input.Count < 3 || node.Input[2].Length == 0
            || (_constants.TryGetValue(node.Input[2], out TensorProto? mode) && OnnxTensors.ReadIntegers(mode, out _) is [0]);
    }

    // A Pad whose pads (an input since opset 11, an attribute before) are all zero, whatever its mode and value.
    private bool PadsNothing(NodeProto node)
    {
        if (node.Attribute.Any(a => a.Name is not ("mode" or "pads" or "value")) || node.Input.Count > 4)
        {
            return false;
        }

        AttributeProto? attribute = node.Attribute.FirstOrDefault(a => a.Name == "pads");
        if (attribute is not null)
        {
            return node.Input.Count == 1 && attribute.Ints.All(p => p == 0);
        }

        return node.Input.Count >= 2 && _constants.TryGetValue(node.Input[1], out TensorProto? pads)
            && OnnxTensors.ReadIntegers(pads, out _) is { } values && values.All(p => p == 0);
    }

    private static string BatchShape(long[] sample) => "[batch, " + string.Join(", ", sample) + "]";

    private static bool IsActivation(string op) =>
        op is "Sigmoid" or "Tanh" or "Relu" or "LeakyRelu" or "Elu" or "Softplus" or "Softmax" or "LogSoftmax" or "Selu" or "Gelu"
            or "HardSigmoid" or "PRelu" or "Celu" or "Mish" or "Softsign" or "ThresholdedRelu" or "Hardmax" or "HardSwish";

    private static string Unsupported(string op) => op switch
    {
        "Conv" => "A Conv is read only where the network declares a [Conv2D] layer.",
        "ConvTranspose" or "ConvInteger" or "QLinearConv" => "Transposed and quantised convolutions are not supported.",
        "MaxPool" or "AveragePool" => "A pooling node is read only where the network declares [MaxPool2D] or [AvgPool2D].",
        "GlobalAveragePool" or "GlobalMaxPool" or "LpPool" or "GlobalLpPool" => "Global and Lp pooling are not supported.",
        "BatchNormalization" or "LayerNormalization" => "Normalisation layers are not supported: fold them into the weights before exporting.",
        "Pad" => "A Pad is skipped only when it pads nothing, as torch.onnx.export writes it before an AveragePool; padding belongs in a Conv's pads.",
        "Flatten" or "Reshape" => "A Flatten (axis 1) or a Reshape to [batch, -1] is read only before the first dense layer after an image.",
        _ when IsActivation(op) => "An activation must follow a dense or convolutional layer and match the declared one.",
        _ => "CompiledNet imports chains of Conv, MaxPool, AveragePool, Flatten, Gemm (or MatMul and Add) and element-wise activations only.",
    };

    private static string AttributeValue(AttributeProto attribute) => attribute.Type switch
    {
        AttributeProto.Types.AttributeType.Float => attribute.F.ToString("R", CultureInfo.InvariantCulture),
        AttributeProto.Types.AttributeType.Int => attribute.I.ToString(CultureInfo.InvariantCulture),
        _ when attribute.HasF => attribute.F.ToString("R", CultureInfo.InvariantCulture),
        _ when attribute.HasI => attribute.I.ToString(CultureInfo.InvariantCulture),
        _ => "(a " + attribute.Type + " value)",
    };

    private OnnxModelException Refuse((int Index, NodeProto Node) node, string reason) => Refuse(node.Index, node.Node, reason);

    private OnnxModelException Refuse(int index, NodeProto node, string reason)
    {
        string name = node.Name.Length > 0 ? $"'{node.Name}' " : string.Empty;
        return new OnnxModelException(FormattableString.Invariant($"{_source}: node {name}(index {index}, operator {node.OpType}): {reason.TrimEnd('.')}."));
    }

    private static T[] Convert<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var converted = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            converted[i] = T.CreateTruncating(values[i]);
        }

        return converted;
    }
}
