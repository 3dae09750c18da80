using System;
using System.IO;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;
using Google.Protobuf;
using Xunit;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// Importing convolutional graphs: the forms other exporters write (Reshape for Flatten, Dropout and Identity nodes,
/// default attributes) load; a Conv or pooling node that computes something else than the declaration is refused,
/// naming the node, its index and operator, and the network is left as it was.
/// </summary>
public sealed class CnnImportTests
{
    // OnnxTinyCnn's export: 0 Conv, 1 Relu, 2 MaxPool, 3 Flatten, 4 Gemm, 5 Softmax.
    [Fact]
    public void A_Reshape_to_batch_by_minus_one_stands_for_the_Flatten()
    {
        var network = new OnnxTinyCnn();
        Randomize(network, 3);
        foreach (long[] shape in new[] { new long[] { 0, -1 }, new long[] { -1, 48 }, new long[] { 0, 48 } })
        {
            ModelProto model = Model(network);
            NodeProto flatten = model.Graph.Node[3];
            model.Graph.Initializer.Add(Int64Tensor("flat.shape", shape));
            model.Graph.Node[3] = new NodeProto { OpType = "Reshape", Name = "reshape", Input = { flatten.Input[0], "flat.shape" }, Output = { flatten.Output[0] } };
            AssertLoads(network, model);
        }

        ModelProto wrong = Model(network);
        wrong.Graph.Initializer.Add(Int64Tensor("flat.shape", new long[] { -1, 3, 4 }));
        wrong.Graph.Node[3] = new NodeProto { OpType = "Reshape", Name = "reshape", Input = { wrong.Graph.Node[3].Input[0], "flat.shape" }, Output = { wrong.Graph.Node[3].Output[0] } };
        string message = Refused(new OnnxTinyCnn(), wrong);
        Assert.Contains("'reshape' (index 3, operator Reshape)", message, StringComparison.Ordinal);
        Assert.Contains("the shape [-1, 3, 4]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_and_Identity_nodes_anywhere_on_the_chain_are_skipped_and_default_attributes_read()
    {
        var network = new OnnxStridedCnn();
        Randomize(network, 4);
        ModelProto model = Model(network);

        // A Dropout in inference mode after the first Conv's activation, one with its mask output after the pooling,
        // and an Identity before the Flatten; the second Conv's 1×1 kernel_shape, strides and pads left to their defaults.
        InsertAfter(model, 1, new NodeProto { OpType = "Dropout", Name = "drop1", Input = { "layer1.y", "", "mode" }, Output = { "dropped" } });
        model.Graph.Initializer.Add(new TensorProto { Name = "mode", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom(0) });
        InsertAfter(model, 5, new NodeProto { OpType = "Dropout", Name = "drop2", Input = { "layer3.y" }, Output = { "dropped2", "mask" } });
        InsertAfter(model, 6, new NodeProto { OpType = "Identity", Name = "same", Input = { "dropped2" }, Output = { "same" } });
        NodeProto pointwise = model.Graph.Node.Single(n => n.Name == "layer2/Conv");
        pointwise.Attribute.Clear();
        AssertLoads(network, model);

        // In training mode a Dropout is not the identity.
        model.Graph.Initializer.Single(t => t.Name == "mode").RawData = ByteString.CopyFrom(1);
        string message = Refused(new OnnxStridedCnn(), model);
        Assert.Contains("'drop1' (index 2, operator Dropout)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Pad_by_zeros_is_skipped_as_torch_writes_it_before_AveragePool_and_any_other_Pad_refused()
    {
        var network = new OnnxTinyCnn();
        Randomize(network, 5);
        ModelProto model = Model(network);
        model.Graph.Initializer.Add(Int64Tensor("pads", new long[8]));
        InsertAfter(model, 1, new NodeProto { OpType = "Pad", Name = "pad", Input = { "layer1.y", "pads" }, Output = { "padded" }, Attribute = { new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("constant") } } });
        AssertLoads(network, model);

        model.Graph.Initializer.Single(t => t.Name == "pads").Int64Data[3] = 1;
        string message = Refused(new OnnxTinyCnn(), model);
        Assert.Contains("'pad' (index 2, operator Pad)", message, StringComparison.Ordinal);
        Assert.Contains("A Pad is skipped only when it pads nothing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Conv_with_dilations_groups_or_asymmetric_pads_is_refused_naming_the_node()
    {
        string dilated = RefusedConv(conv => Ints(conv, "dilations", 2, 2));
        Assert.Contains("'layer1/Conv' (index 0, operator Conv)", dilated, StringComparison.Ordinal);
        Assert.Contains("its dilations [2, 2] differ from the declaration: a [Conv2D] layer has dilations 1", dilated, StringComparison.Ordinal);

        string grouped = RefusedConv(conv => conv.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 2 }));
        Assert.Contains("'layer1/Conv' (index 0, operator Conv)", grouped, StringComparison.Ordinal);
        Assert.Contains("its group 2 is not supported", grouped, StringComparison.Ordinal);

        string asymmetric = RefusedConv(conv => conv.Attribute.Single(a => a.Name == "pads").Ints[2] = 0);
        Assert.Contains("its pads [1, 1, 0, 1] differ from the declaration: layer 1 is declared with padding 1 on every side ([1, 1, 1, 1])", asymmetric, StringComparison.Ordinal);

        string strided = RefusedConv(conv => conv.Attribute.Single(a => a.Name == "strides").Ints[0] = 2);
        Assert.Contains("its strides [2, 1] differ from the declaration: layer 1 is declared with stride 1", strided, StringComparison.Ordinal);

        string unpadded = RefusedConv(conv => conv.Attribute.Remove(conv.Attribute.Single(a => a.Name == "pads")));
        Assert.Contains("padding 1, but this Conv has no pads (0 by default)", unpadded, StringComparison.Ordinal);

        string samePadding = RefusedConv(conv => conv.Attribute.Add(new AttributeProto { Name = "auto_pad", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("SAME_UPPER") }));
        Assert.Contains("its auto_pad SAME_UPPER is not supported", samePadding, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_kernel_is_refused_by_its_kernel_shape_or_its_weight()
    {
        // The 5×5 network's model into the 3×3 declaration: the kernel_shape is checked first.
        string message = Refused(new OnnxTinyCnn(), Model(new OnnxTinyCnnWideKernel()));
        Assert.Contains("'layer1/Conv' (index 0, operator Conv)", message, StringComparison.Ordinal);
        Assert.Contains("its kernel_shape [5, 5] differ from the declaration: layer 1 is declared with a 3×3 kernel ([3, 3])", message, StringComparison.Ordinal);

        // Without kernel_shape or pads, the weight's shape tells.
        ModelProto model = Model(new OnnxTinyCnnWideKernel());
        NodeProto conv = model.Graph.Node[0];
        conv.Attribute.Remove(conv.Attribute.Single(a => a.Name == "kernel_shape"));
        conv.Attribute.Single(a => a.Name == "pads").Ints.Clear();
        conv.Attribute.Single(a => a.Name == "pads").Ints.AddRange(new long[] { 1, 1, 1, 1 });
        message = Refused(new OnnxTinyCnn(), model);
        Assert.Contains("layer 1's weight 'layer1.weight' has shape [3, 1, 5, 5], but the network needs [3, 1, 3, 3]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pooling_that_differs_from_the_declaration_is_refused_naming_the_node()
    {
        string kernel = RefusedPool(pool => Ints(pool, "kernel_shape", 3, 3));
        Assert.Contains("'layer2/MaxPool' (index 2, operator MaxPool)", kernel, StringComparison.Ordinal);
        Assert.Contains("its kernel_shape [3, 3] differ from the declaration: layer 2 is declared with a 2×2 window ([2, 2])", kernel, StringComparison.Ordinal);

        // ONNX's default stride is 1, the declaration's 2.
        string stride = RefusedPool(pool => pool.Attribute.Remove(pool.Attribute.Single(a => a.Name == "strides")));
        Assert.Contains("layer 2 is declared with stride 2, but this MaxPool has no strides (1 by default)", stride, StringComparison.Ordinal);

        string ceil = RefusedPool(pool => pool.Attribute.Add(new AttributeProto { Name = "ceil_mode", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        Assert.Contains("its ceil_mode 1 is not supported", ceil, StringComparison.Ordinal);

        string padded = RefusedPool(pool => Ints(pool, "pads", 1, 1, 1, 1));
        Assert.Contains("its pads [1, 1, 1, 1] differ from the declaration: a pooling layer has no padding", padded, StringComparison.Ordinal);

        string average = RefusedPool(pool => pool.OpType = "AveragePool");
        Assert.Contains("(index 2, operator AveragePool)", average, StringComparison.Ordinal);
        Assert.Contains("layer 2 (MaxPool2D 2 stride 2, reading 3×9×9) should come here as a MaxPool", average, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_Flatten_another_input_shape_or_a_Conv_where_a_dense_layer_is_declared_is_refused()
    {
        ModelProto model = Model(new OnnxTinyCnn());
        model.Graph.Node[4].Input[0] = model.Graph.Node[3].Input[0];
        model.Graph.Node.RemoveAt(3);
        string message = Refused(new OnnxTinyCnn(), model);
        Assert.Contains("'layer3/Gemm' (index 3, operator Gemm)", message, StringComparison.Ordinal);
        Assert.Contains("reads the 3×4×4 image as 48 values, so a Flatten (axis 1) or a Reshape to [batch, -1] should come here", message, StringComparison.Ordinal);

        model = Model(new OnnxTinyCnn());
        model.Graph.Input[0].Type.TensorType.Shape.Dim[2].DimValue = 8;
        Assert.Contains("has shape [batch, 1, 8, 9], but the network's input is [batch, 1, 9, 9]", Refused(new OnnxTinyCnn(), model), StringComparison.Ordinal);

        // A dense network's model has no Conv, and a CNN's model no Gemm where the Conv should be.
        message = Refused(new OnnxImageMlp(), Model(new OnnxTinyCnn()));
        Assert.Contains("has shape [batch, 1, 9, 9], but the network's input is [batch, 2, 3, 3]", message, StringComparison.Ordinal);
        model = Model(new OnnxTinyCnn());
        model.Graph.Node.RemoveAt(0);
        model.Graph.Node[0].Input[0] = "input";
        message = Refused(new OnnxTinyCnn(), model);
        Assert.Contains("(index 0, operator Relu)", message, StringComparison.Ordinal);
        Assert.Contains("should start here with a Conv", message, StringComparison.Ordinal);

        // A graph that stops inside the convolutional part.
        model = Model(new OnnxTinyCnn());
        while (model.Graph.Node.Count > 2)
        {
            model.Graph.Node.RemoveAt(2);
        }

        model.Graph.Node[1].Output[0] = "output";
        Assert.Contains("the graph ends before layer 2 (MaxPool2D 2 stride 2)", Refused(new OnnxTinyCnn(), model), StringComparison.Ordinal);
    }

    private static string RefusedConv(Action<NodeProto> change)
    {
        ModelProto model = Model(new OnnxTinyCnn());
        change(model.Graph.Node[0]);
        return Refused(new OnnxTinyCnn(), model);
    }

    private static string RefusedPool(Action<NodeProto> change)
    {
        ModelProto model = Model(new OnnxTinyCnn());
        change(model.Graph.Node[2]);
        return Refused(new OnnxTinyCnn(), model);
    }

    // Sets an INTS attribute, adding it if the node has none of that name.
    private static void Ints(NodeProto node, string name, params long[] values)
    {
        AttributeProto? attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        if (attribute is null)
        {
            attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            node.Attribute.Add(attribute);
        }

        attribute.Ints.Clear();
        attribute.Ints.AddRange(values);
    }

    // Inserts a one-input node after node `index`, rewiring the node that read index's output to read the new one's.
    private static void InsertAfter(ModelProto model, int index, NodeProto node)
    {
        string output = model.Graph.Node[index].Output[0];
        NodeProto next = model.Graph.Node[index + 1];
        next.Input[next.Input.IndexOf(output)] = node.Output[0];
        model.Graph.Node.Insert(index + 1, node);
    }

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static ModelProto Model<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T> => ModelProto.Parser.ParseFrom(Export(network));

    private static void AssertLoads<T>(INetwork<T> expected, ModelProto model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fresh = (INetwork<T>)Activator.CreateInstance(expected.GetType(), 77)!;
        OnnxModel.Load(new MemoryStream(model.ToByteArray()), fresh);
        Assert.True(SameBits<T>(expected.Parameters, fresh.Parameters));
    }

    // Loads the model into the network, expecting a refusal that leaves the network as it was; returns the message.
    private static string Refused<T>(INetwork<T> network, ModelProto model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] before = network.Parameters.ToArray();
        OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(new MemoryStream(model.ToByteArray()), network));
        Assert.True(SameBits<T>(before, network.Parameters));
        return error.Message;
    }
}
