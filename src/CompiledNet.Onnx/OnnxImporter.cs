using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>
/// Reads the parameters (and the feature scaler, if any) of an ONNX model whose graph is the chain a network declares:
/// an optional Sub and Mul (the scaler), then per dense layer a Gemm (or MatMul and Add) and the declared activation.
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

        FeatureScaler<T>? scaler = ReadScaler<T>(model);
        var parameters = new double[_architecture.ParameterCount];
        int offset = 0;
        int fanIn = _architecture.InputSize;
        for (int l = 0; l < _architecture.Layers.Count; l++)
        {
            var layer = (DenseLayerInfo)_architecture.Layers[l];
            ReadDense(l, layer, fanIn, parameters.AsSpan(offset, (fanIn + 1) * layer.Size));
            ReadActivation(l, layer);
            offset += (fanIn + 1) * layer.Size;
            fanIn = layer.Size;
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

            if (node.Output.Count != 1 || node.Output[0].Length == 0)
            {
                throw Refuse(i, node, $"it has {node.Output.Count} outputs; every node of a dense chain has one");
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
        if (inputs.Length != 1)
        {
            throw new OnnxModelException(
                $"{_source} has {inputs.Length} graph inputs besides its initializers; a network takes one tensor of shape [batch, {_architecture.InputSize}].");
        }

        CheckTensorValue(inputs[0], "input", _architecture.InputSize);
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

    private void CheckTensorValue(ValueInfoProto value, string role, int size)
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

        var dims = tensor.Shape.Dim;
        bool sizeMatches = dims.Count == 2 && (dims[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[1].DimValue == size);
        if (!sizeMatches)
        {
            string shape = "[" + string.Join(", ", dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
                ? d.DimValue.ToString(CultureInfo.InvariantCulture)
                : d.DimParam.Length > 0 ? d.DimParam : "?")) + "]";
            throw new OnnxModelException(
                $"{_source}: the graph's {role} '{value.Name}' has shape {shape}, but the network's {role} is [batch, {size}].");
        }
    }

    private FeatureScaler<T>? ReadScaler<T>(ModelProto model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Peek() is not { Node.OpType: "Sub" } sub)
        {
            return null;
        }

        int n = _architecture.InputSize;
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

    // A binary node of the chain: one input is the current tensor, the other a constant of [n] or [1, n] values.
    private double[] Operand((int Index, NodeProto Node) node, string what, int n)
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

        return Constant(node, name, what, n);
    }

    private void ReadDense(int l, DenseLayerInfo layer, int fanIn, Span<double> destination)
    {
        string expected = $"layer {l + 1} (Dense {layer.Size} {layer.Activation}, {fanIn} inputs) should start here with a Gemm, or a MatMul and an Add";
        if (Peek() is not { } node)
        {
            throw new OnnxModelException($"{_source}: the graph ends after {l} dense layers, but the network declares {_architecture.Layers.Count} ({_architecture.Description}).");
        }

        Span<double> weights = destination.Slice(0, fanIn * layer.Size);
        Span<double> biases = destination.Slice(fanIn * layer.Size);
        string what = $"layer {l + 1}'s";
        switch (node.Node.OpType)
        {
            case "Gemm":
            {
                NodeProto gemm = node.Node;
                if (gemm.Input.Count is < 2 or > 3 || gemm.Input[0] != _current)
                {
                    throw Refuse(node, $"{expected}, but this Gemm does not multiply the chain's tensor '{_current}' by a weight");
                }

                long transB = 0;
                foreach (AttributeProto attribute in gemm.Attribute)
                {
                    switch (attribute.Name)
                    {
                        case "alpha" or "beta" when attribute.F == 1f:
                            break;
                        case "transA" when attribute.I == 0:
                            break;
                        case "transB" when attribute.I is 0 or 1:
                            transB = attribute.I;
                            break;
                        default:
                            throw Refuse(node, $"its attribute {attribute.Name} = {AttributeValue(attribute)} is not supported (a dense layer has alpha = beta = 1, transA = 0, transB 0 or 1)");
                    }
                }

                double[] w = transB == 1
                    ? Constant(node, gemm.Input[1], what + " weight", layer.Size, fanIn)
                    : Constant(node, gemm.Input[1], what + " weight", fanIn, layer.Size);
                CopyWeights(w, transposed: transB == 0, fanIn, layer.Size, weights);
                if (gemm.Input.Count == 3 && gemm.Input[2].Length > 0)
                {
                    Constant(node, gemm.Input[2], what + " bias", layer.Size).CopyTo(biases);
                }
                else
                {
                    biases.Clear();
                }

                Advance();
                _current = gemm.Output[0];
                break;
            }

            case "MatMul":
            {
                NodeProto matMul = node.Node;
                if (matMul.Input.Count != 2 || matMul.Input[0] != _current)
                {
                    throw Refuse(node, $"{expected}, but this MatMul does not multiply the chain's tensor '{_current}' by a weight");
                }

                double[] w = Constant(node, matMul.Input[1], what + " weight (MatMul holds it as [inputs, outputs])", fanIn, layer.Size);
                CopyWeights(w, transposed: true, fanIn, layer.Size, weights);
                Advance();
                _current = matMul.Output[0];
                if (Peek() is { Node.OpType: "Add" } add && add.Node.Input.Contains(_current))
                {
                    Operand(add, what + " bias", layer.Size).CopyTo(biases);
                    Advance();
                    _current = add.Node.Output[0];
                }
                else
                {
                    biases.Clear();
                }

                break;
            }

            default:
                throw Refuse(node, $"{expected}. {Unsupported(node.Node.OpType)}");
        }
    }

    // The values of a constant operand with the given shape; [1, n] is accepted for a vector of n.
    private double[] Constant((int Index, NodeProto Node) node, string name, string what, params int[] shape)
    {
        if (!_constants.TryGetValue(name, out TensorProto? tensor))
        {
            throw Refuse(node, $"{what} '{name}' is not an initializer or a constant; CompiledNet reads weights that are stored in the model");
        }

        var dims = tensor.Dims;
        bool matches = dims.Count == shape.Length && dims.Zip(shape).All(p => p.First == p.Second);
        if (!matches && shape.Length == 1)
        {
            matches = dims.Count == 2 && dims[0] == 1 && dims[1] == shape[0];
        }

        if (!matches)
        {
            throw Refuse(node, $"{what} '{name}' has shape {OnnxTensors.DescribeShape(dims)}, but the network needs {OnnxTensors.DescribeShape(shape.Select(s => (long)s))}");
        }

        return OnnxTensors.Read(tensor, out string problem)
            ?? throw Refuse(node, $"{what} '{name}' cannot be read: {problem}");
    }

    private static void CopyWeights(double[] w, bool transposed, int fanIn, int size, Span<double> weights)
    {
        for (int o = 0; o < size; o++)
        {
            for (int i = 0; i < fanIn; i++)
            {
                weights[(o * fanIn) + i] = transposed ? w[(i * size) + o] : w[(o * fanIn) + i];
            }
        }
    }

    // The next node of the chain, after the no-ops on it (Identity; Flatten of the [batch, n] tensor at axis 1).
    private (int Index, NodeProto Node)? Peek()
    {
        while (_position < _nodes.Count)
        {
            (int index, NodeProto node) = _nodes[_position];
            bool noOp = node.OpType switch
            {
                "Identity" => node.Attribute.Count == 0,
                "Flatten" => node.Attribute.All(a => a.Name == "axis" && a.I == 1),
                _ => false,
            };
            if (!noOp || node.Input.Count != 1 || node.Input[0] != _current)
            {
                return (index, node);
            }

            _current = node.Output[0];
            _position++;
        }

        return null;
    }

    private void Advance() => _position++;

    private static bool IsActivation(string op) =>
        op is "Sigmoid" or "Tanh" or "Relu" or "LeakyRelu" or "Elu" or "Softplus" or "Softmax" or "LogSoftmax" or "Selu" or "Gelu"
            or "HardSigmoid" or "PRelu" or "Celu" or "Mish" or "Softsign" or "ThresholdedRelu" or "Hardmax" or "HardSwish";

    private static string Unsupported(string op) => op switch
    {
        "Conv" or "ConvTranspose" or "ConvInteger" => "Convolutions are not supported: CompiledNet imports chains of dense layers only.",
        "MaxPool" or "AveragePool" or "GlobalAveragePool" or "GlobalMaxPool" => "Pooling is not supported: CompiledNet imports chains of dense layers only.",
        "BatchNormalization" or "LayerNormalization" => "Normalisation layers are not supported: fold them into the weights before exporting.",
        _ when IsActivation(op) => "An activation must follow a dense layer and match the declared one.",
        _ => "CompiledNet imports chains of Gemm (or MatMul and Add) and element-wise activations only.",
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
        return new OnnxModelException(FormattableString.Invariant($"{_source}: node {name}(index {index}, operator {node.OpType}): {reason}."));
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
