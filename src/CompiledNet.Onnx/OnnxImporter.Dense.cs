using System;
using System.Linq;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>Dense layers (Gemm, or MatMul and Add) and the Flatten or Reshape before the first one that reads an image.</summary>
internal sealed partial class OnnxImporter
{
    private void ReadDense(int l, DenseLayerInfo layer, int fanIn, Span<double> destination)
    {
        string expected = $"layer {l + 1} (Dense {layer.Size} {layer.Activation}, {fanIn} inputs) should start here with a Gemm, or a MatMul and an Add";
        if (Peek() is not { } node)
        {
            throw EndsBefore(l);
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

    // [batch, C, H, W] → [batch, C·H·W] in CHW order: Flatten at axis 1 (torch's nn.Flatten), or a Reshape by a
    // constant [0, -1], [0, n] or [-1, n] (x.view(x.size(0), -1) once folded).
    private void ReadFlatten(int l, DenseLayerInfo layer, TensorShape image)
    {
        string expected = $"layer {l + 1} (Dense {layer.Size} {layer.Activation}) reads the {image.Channels}×{image.Height}×{image.Width} image as {image.Size} values, so a Flatten (axis 1) or a Reshape to [batch, -1] should come here";
        if (Peek() is not { } node)
        {
            throw EndsBefore(l);
        }

        NodeProto flatten = node.Node;
        switch (flatten.OpType)
        {
            case "Flatten" when flatten.Input.Count == 1 && flatten.Input[0] == _current:
                if (flatten.Attribute.FirstOrDefault(a => a.Name != "axis" || a.I != 1) is { } axis)
                {
                    throw Refuse(node, $"{expected}, but this Flatten has {axis.Name} = {AttributeValue(axis)}");
                }

                break;
            case "Reshape" when flatten.Input.Count == 2 && flatten.Input[0] == _current:
                long[]? shape = _constants.TryGetValue(flatten.Input[1], out TensorProto? tensor) ? OnnxTensors.ReadIntegers(tensor, out _) : null;
                bool flattens = shape is [0, -1] || (shape is [0 or -1, long n] && n == image.Size);
                bool zeroCopies = flatten.Attribute.All(a => a.Name == "allowzero" && a.I == 0);
                if (!flattens || !zeroCopies)
                {
                    string found = shape is null ? $"a shape '{flatten.Input[1]}' that is not a constant" : "the shape " + OnnxTensors.DescribeShape(shape);
                    throw Refuse(node, $"{expected}, but this Reshape has {found}" + (zeroCopies ? string.Empty : " and allowzero = 1"));
                }

                break;
            default:
                throw Refuse(node, $"{expected}. " + (flatten.Input.Contains(_current) ? Unsupported(flatten.OpType) : $"It does not take the chain's tensor '{_current}'."));
        }

        Advance();
        _current = flatten.Output[0];
    }

    private OnnxModelException EndsBefore(int l)
    {
        string ended = _architecture.Layers.All(layer => layer is DenseLayerInfo)
            ? $"the graph ends after {l} dense layers"
            : $"the graph ends before layer {l + 1} ({_architecture.Layers[l].Describe()})";
        return new OnnxModelException($"{_source}: {ended}, but the network declares {_architecture.Layers.Count} ({_architecture.Description}).");
    }
}
