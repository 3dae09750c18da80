using System;
using System.Linq;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>Convolutions (Conv with its bias) and pooling (MaxPool, AveragePool), checked attribute by attribute against the declaration.</summary>
internal sealed partial class OnnxImporter
{
    private void ReadConv(int l, Conv2DLayerInfo layer, TensorShape input, Span<double> destination)
    {
        string expected = $"layer {l + 1} ({layer.Describe()}, reading {input.Channels}×{input.Height}×{input.Width}) should start here with a Conv";
        if (Peek() is not { } node)
        {
            throw EndsBefore(l);
        }

        NodeProto conv = node.Node;
        if (conv.OpType != "Conv")
        {
            throw Refuse(node, $"{expected}. {Unsupported(conv.OpType)}");
        }

        if (conv.Input.Count is < 2 or > 3 || conv.Input[0] != _current)
        {
            throw Refuse(node, $"{expected}, but this Conv does not convolve the chain's tensor '{_current}' with a weight");
        }

        string declared = $"layer {l + 1} is declared with";
        foreach (AttributeProto attribute in conv.Attribute)
        {
            switch (attribute.Name)
            {
                case "kernel_shape":
                    RequireInts(node, attribute, $"{declared} a {layer.KernelHeight}×{layer.KernelWidth} kernel", layer.KernelHeight, layer.KernelWidth);
                    break;
                case "strides":
                    RequireInts(node, attribute, $"{declared} stride {layer.Stride}", layer.Stride, layer.Stride);
                    break;
                case "pads":
                    RequireInts(node, attribute, $"{declared} padding {layer.Padding} on every side", layer.Padding, layer.Padding, layer.Padding, layer.Padding);
                    break;
                case "dilations":
                    RequireInts(node, attribute, "a [Conv2D] layer has dilations 1", 1, 1);
                    break;
                case "group":
                    if (attribute.I != 1)
                    {
                        throw Refuse(node, $"its group {AttributeValue(attribute)} is not supported: a [Conv2D] layer convolves every input channel (group 1)");
                    }

                    break;
                case "auto_pad":
                    RequireExplicitPadding(node, attribute, layer.Padding);
                    break;
                default:
                    throw Refuse(node, $"its attribute {attribute.Name} is not read (a [Conv2D] layer's Conv has kernel_shape, strides, pads, dilations 1 and group 1)");
            }
        }

        // ONNX's defaults: stride 1 and no padding, which the declaration must then have.
        if (!conv.Attribute.Any(a => a.Name == "strides") && layer.Stride != 1)
        {
            throw Refuse(node, $"{declared} stride {layer.Stride}, but this Conv has no strides (1 by default)");
        }

        if (!conv.Attribute.Any(a => a.Name == "pads") && layer.Padding != 0)
        {
            throw Refuse(node, $"{declared} padding {layer.Padding}, but this Conv has no pads (0 by default)");
        }

        int weightCount = layer.Filters * input.Channels * layer.KernelHeight * layer.KernelWidth;
        string what = $"layer {l + 1}'s";
        ConstantOfShape(node, conv.Input[1], what + " weight", new[] { layer.Filters, input.Channels, layer.KernelHeight, layer.KernelWidth }, batchAxis: false)
            .CopyTo(destination.Slice(0, weightCount));
        if (conv.Input.Count == 3 && conv.Input[2].Length > 0)
        {
            ConstantOfShape(node, conv.Input[2], what + " bias", new[] { layer.Filters }, batchAxis: false).CopyTo(destination.Slice(weightCount));
        }
        else
        {
            destination.Slice(weightCount).Clear();
        }

        Advance();
        _current = conv.Output[0];
    }

    private void ReadPool(int l, Pool2DLayerInfo layer, TensorShape input)
    {
        string op = layer.Kind switch
        {
            PoolingKind.Max => "MaxPool",
            PoolingKind.Average => "AveragePool",
            _ => throw new NotSupportedException($"Layer {l + 1}'s pooling kind {layer.Kind} is not imported."),
        };
        string expected = $"layer {l + 1} ({layer.Describe()}, reading {input.Channels}×{input.Height}×{input.Width}) should come here as {(op == "AveragePool" ? "an" : "a")} {op}";
        if (Peek() is not { } node)
        {
            throw EndsBefore(l);
        }

        NodeProto pool = node.Node;
        if (pool.OpType != op)
        {
            throw Refuse(node, $"{expected}. {Unsupported(pool.OpType)}");
        }

        if (pool.Input.Count != 1 || pool.Input[0] != _current)
        {
            throw Refuse(node, $"{expected}, but this {op} does not take the chain's tensor '{_current}'");
        }

        string declared = $"layer {l + 1} is declared with";
        bool hasKernel = false;
        bool hasStrides = false;
        foreach (AttributeProto attribute in pool.Attribute)
        {
            switch (attribute.Name)
            {
                case "kernel_shape":
                    RequireInts(node, attribute, $"{declared} a {layer.Kernel}×{layer.Kernel} window", layer.Kernel, layer.Kernel);
                    hasKernel = true;
                    break;
                case "strides":
                    RequireInts(node, attribute, $"{declared} stride {layer.Stride}", layer.Stride, layer.Stride);
                    hasStrides = true;
                    break;
                case "pads":
                    RequireInts(node, attribute, "a pooling layer has no padding", 0, 0, 0, 0);
                    break;
                case "dilations" when op == "MaxPool":
                    RequireInts(node, attribute, "a [MaxPool2D] layer has dilations 1", 1, 1);
                    break;
                case "ceil_mode":
                    if (attribute.I != 0)
                    {
                        throw Refuse(node, $"its ceil_mode {AttributeValue(attribute)} is not supported: a pooling layer drops the windows past the edge (floor mode)");
                    }

                    break;
                case "auto_pad":
                    RequireExplicitPadding(node, attribute, padding: 0);
                    break;

                // Without padding, whether padding counts in the mean changes nothing; and only the unused Indices
                // output depends on the storage order.
                case "count_include_pad" when op == "AveragePool":
                case "storage_order" when op == "MaxPool":
                    break;
                default:
                    throw Refuse(node, $"its attribute {attribute.Name} is not read (a pooling layer's {op} has kernel_shape, strides, no pads and ceil_mode 0)");
            }
        }

        if (!hasKernel)
        {
            throw Refuse(node, $"{expected}, but this {op} has no kernel_shape");
        }

        // ONNX's default stride is 1; the declaration's is the window.
        if (!hasStrides && layer.Stride != 1)
        {
            throw Refuse(node, $"{declared} stride {layer.Stride}, but this {op} has no strides (1 by default)");
        }

        Advance();
        _current = pool.Output[0];
    }

    // An INTS attribute that must hold exactly the declared values.
    private void RequireInts((int Index, NodeProto Node) node, AttributeProto attribute, string requirement, params long[] values)
    {
        if (!attribute.Ints.SequenceEqual(values))
        {
            throw Refuse(node, $"its {attribute.Name} {OnnxTensors.DescribeShape(attribute.Ints)} differ from the declaration: {requirement} ({OnnxTensors.DescribeShape(values)})");
        }
    }

    // auto_pad NOTSET (pads as given) always fits; VALID (no padding) fits a declaration without padding.
    private void RequireExplicitPadding((int Index, NodeProto Node) node, AttributeProto attribute, int padding)
    {
        string mode = attribute.S.ToStringUtf8();
        if (mode != "NOTSET" && !(mode == "VALID" && padding == 0))
        {
            throw Refuse(node, $"its auto_pad {mode} is not supported: the declaration pads {padding} on every side (auto_pad NOTSET with pads, or VALID without)");
        }
    }
}
