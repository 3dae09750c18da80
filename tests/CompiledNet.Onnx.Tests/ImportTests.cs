using System;
using System.IO;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;
using Google.Protobuf;
using Xunit;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>Round trips, the layouts torch.onnx.export writes, and every model the reader refuses.</summary>
public sealed class ImportTests
{
    [Fact]
    public void Every_network_round_trips_through_a_file_with_identical_parameters()
    {
        foreach ((string name, Func<INetwork<float>> create) in OnnxRuntimeAgreementTests.FloatFactories)
        {
            RoundTrip(name, create);
        }

        foreach ((string name, Func<INetwork<double>> create) in OnnxRuntimeAgreementTests.DoubleFactories)
        {
            RoundTrip(name, create);
        }
    }

    [Fact]
    public void The_scaler_round_trips_with_its_kind()
    {
        var network = new ReLUNet();
        Randomize(network, 1);
        var scaler = new FeatureScaler<float>(ScalingKind.MinMax, new[] { 1f, 2f, 3f }, new[] { 0.5f, 0.25f, 4f });
        var fresh = new ReLUNet(seed: 9);
        FeatureScaler<float>? loaded = OnnxModel.Load(new MemoryStream(Export(network, scaler)), fresh);
        Assert.NotNull(loaded);
        Assert.Equal(ScalingKind.MinMax, loaded.Kind);
        Assert.Equal(scaler.Offsets, loaded.Offsets);
        Assert.Equal(scaler.Scales, loaded.Scales);
        Assert.True(SameBits<float>(network.Parameters, fresh.Parameters));
        Assert.Null(OnnxModel.Load(new MemoryStream(Export(network)), fresh));
    }

    [Fact]
    public void The_exported_model_names_its_input_output_types_and_producer()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(Export(new SoftmaxNetD()));
        Assert.Equal(OnnxModel.OpsetVersion, model.OpsetImport.Single().Version);
        Assert.Equal("CompiledNet", model.ProducerName);
        Assert.Contains(new SoftmaxNetD().Architecture.Description, model.DocString, StringComparison.Ordinal);
        ValueInfoProto input = model.Graph.Input.Single();
        Assert.Equal("input", input.Name);
        Assert.Equal(OnnxTensors.Double, input.Type.TensorType.ElemType);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal("output", model.Graph.Output.Single().Name);
        Assert.Equal(new[] { "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax" }, model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(new long[] { 6, 3 }, model.Graph.Initializer.First(t => t.Name == "layer1.weight").Dims);
    }

    [Fact]
    public void A_Gemm_with_its_weight_untransposed_or_a_MatMul_and_Add_load_the_same_parameters()
    {
        var network = new ReLUNet();
        Randomize(network, 3);
        ModelProto model = Model(network);

        // transB = 0, the weight stored [inputs, outputs].
        ModelProto untransposed = model.Clone();
        foreach (NodeProto gemm in untransposed.Graph.Node.Where(n => n.OpType == "Gemm"))
        {
            gemm.Attribute.Single(a => a.Name == "transB").I = 0;
            Transpose(untransposed.Graph.Initializer.Single(t => t.Name == gemm.Input[1]));
        }

        AssertLoads(network, untransposed);

        // MatMul by the transposed weight, then Add the bias, as torch.onnx.export writes nn.Linear in some versions.
        ModelProto matMul = model.Clone();
        for (int i = 0; i < matMul.Graph.Node.Count; i++)
        {
            NodeProto gemm = matMul.Graph.Node[i];
            if (gemm.OpType != "Gemm")
            {
                continue;
            }

            Transpose(matMul.Graph.Initializer.Single(t => t.Name == gemm.Input[1]));
            var product = new NodeProto { OpType = "MatMul", Name = gemm.Name + "/MatMul", Input = { gemm.Input[0], gemm.Input[1] }, Output = { gemm.Output[0] + ".product" } };
            var add = new NodeProto { OpType = "Add", Name = gemm.Name + "/Add", Input = { gemm.Input[2], product.Output[0] }, Output = { gemm.Output[0] } };
            matMul.Graph.Node[i] = product;
            matMul.Graph.Node.Insert(i + 1, add);
        }

        AssertLoads(network, matMul);
    }

    [Fact]
    public void Initializers_in_float_data_double_data_or_Constant_nodes_and_Identity_and_Flatten_nodes_are_read()
    {
        var network = new TanhNet();
        Randomize(network, 4);
        ModelProto model = Model(network);
        TensorProto weight = model.Graph.Initializer[0];
        double[] values = OnnxTensors.Read(weight, out _)!;
        weight.ClearRawData();
        weight.FloatData.AddRange(values.Select(v => (float)v));

        // The second layer's weight as DOUBLE in double_data, and its bias from a Constant node.
        TensorProto second = model.Graph.Initializer.Single(t => t.Name == "layer2.weight");
        values = OnnxTensors.Read(second, out _)!;
        second.ClearRawData();
        second.DataType = OnnxTensors.Double;
        second.DoubleData.AddRange(values);
        TensorProto bias = model.Graph.Initializer.Single(t => t.Name == "layer2.bias");
        model.Graph.Initializer.Remove(bias);
        model.Graph.Node.Insert(0, new NodeProto
        {
            OpType = "Constant",
            Output = { bias.Name },
            Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = bias } },
        });

        // Flatten and Identity on the chain, as torch emits them.
        model.Graph.Node.Insert(1, new NodeProto { OpType = "Flatten", Input = { "input" }, Output = { "flat" } });
        model.Graph.Node.Insert(2, new NodeProto { OpType = "Identity", Input = { "flat" }, Output = { "same" } });
        model.Graph.Node[3].Input[0] = "same";
        AssertLoads(network, model);
    }

    [Fact]
    public void Double_weights_load_into_a_float_network_rounded_and_float_weights_into_a_double_one_exactly()
    {
        var single = new TanhNet();
        Randomize(single, 5);
        var wide = new TanhNetD();
        OnnxModel.Load(new MemoryStream(Export(single)), wide);
        for (int i = 0; i < TanhNet.ParameterCount; i++)
        {
            Assert.Equal((double)single.Parameters[i], wide.Parameters[i]);
        }

        var back = new TanhNet(seed: 3);
        OnnxModel.Load(new MemoryStream(Export(wide)), back);
        Assert.True(SameBits<float>(single.Parameters, back.Parameters));
    }

    [Fact]
    public void A_file_path_loads_and_saves_atomically_and_a_directory_is_refused()
    {
        string folder = Path.Combine(Path.GetTempPath(), "cnet-onnx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var network = new SiLUNet();
            Randomize(network, 6);
            string path = Path.Combine(folder, "model.onnx");
            OnnxModel.Save(path, network);
            OnnxModel.Save(path, network);
            Assert.Equal(new[] { "model.onnx" }, Directory.GetFiles(folder).Select(Path.GetFileName));
            var fresh = new SiLUNet(seed: 2);
            OnnxModel.Load(path, fresh);
            Assert.True(SameBits<float>(network.Parameters, fresh.Parameters));

            OnnxModelException save = Assert.Throws<OnnxModelException>(() => OnnxModel.Save(folder, network));
            Assert.Contains(folder, save.Message, StringComparison.Ordinal);
            Assert.Throws<OnnxModelException>(() => OnnxModel.Load(folder, network));
            Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(Path.Combine(folder, "missing.onnx"), network));
            Assert.Throws<ArgumentException>(() => OnnxModel.Save(path, network, new FeatureScaler<float>(ScalingKind.MinMax, new[] { 0f }, new[] { 1f })));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_an_OnnxModelException_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), "cnet-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(path, new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2 });
        try
        {
            var network = new ReLUNet();
            float[] before = network.Parameters.ToArray();
            OnnxModelException error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(path, network));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidProtocolBufferException>(error.InnerException);
            Assert.Equal(before, network.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_convolution_is_refused_naming_the_node_its_index_and_operator()
    {
        ModelProto model = Model(new ReLUNet());
        model.Graph.Node.Insert(0, new NodeProto { OpType = "Conv", Name = "conv1", Input = { "input", "layer1.weight" }, Output = { "conv" } });
        model.Graph.Node[1].Input[0] = "conv";
        string message = Refused(new ReLUNet(), model);
        Assert.Contains("'conv1' (index 0, operator Conv)", message, StringComparison.Ordinal);
        Assert.Contains("A Conv is read only where the network declares a [Conv2D] layer", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_operator_is_refused()
    {
        ModelProto model = Model(new ReLUNet());
        model.Graph.Node[1].OpType = "Frobnicate";
        Assert.Contains("(index 1, operator Frobnicate)", Refused(new ReLUNet(), model), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_shape_is_refused()
    {
        ModelProto model = Model(new ReLUNet());
        model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 4;
        Assert.Contains("has shape [batch, 4]", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        model = Model(new ReLUNet());
        model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimParam = "n";
        string message = Refused(new ReLUWiderNet(), model);
        Assert.Contains("(index 0, operator Gemm)", message, StringComparison.Ordinal);
        Assert.Contains("has shape [6, 3], but the network needs [7, 3]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_activation_or_activation_parameter_is_refused()
    {
        Assert.Contains("layer 1 is declared Tanh, the model applies Relu", Refused(new TanhReluNet(), Model(new ReLUNet())), StringComparison.Ordinal);
        Assert.Contains("layer 1 is declared Sigmoid, but the model multiplies the Sigmoid by its input, which is SiLU",
            Refused(new SigmoidNet(), Model(new SiLUNet())), StringComparison.Ordinal);
        Assert.Contains("layer 1 is declared SiLU", Refused(new SiLUNet(), Model(new SigmoidNet())), StringComparison.Ordinal);
        Assert.Contains("declared GELU", Refused(new GELUNet(), Model(new ReLUNet())), StringComparison.Ordinal);

        ModelProto leaky = Model(new LeakyReLUNet());
        leaky.Graph.Node.Single(n => n.Name == "layer1/LeakyRelu").Attribute[0].F = 0.2f;
        Assert.Contains("has alpha 0.2", Refused(new LeakyReLUNet(), leaky), StringComparison.Ordinal);

        ModelProto elu = Model(new ELUNet());
        elu.Graph.Node.Single(n => n.Name == "layer2/Elu").Attribute.Clear();
        string message = Refused(new ELUNet(), elu);
        Assert.Contains("'layer2/Elu' (index 3, operator Elu)", message, StringComparison.Ordinal);
        Assert.Contains("declared ELU (alpha 0.5), but the model's Elu has alpha 1", message, StringComparison.Ordinal);

        ModelProto gelu = Model(new GELUNet());
        gelu.Graph.Initializer.Single(t => t.Name == "gelu.cubic").RawData = ByteString.CopyFrom(BitConverter.GetBytes(0.05f));
        Assert.Contains("declared GELU", Refused(new GELUNet(), gelu), StringComparison.Ordinal);

        ModelProto linear = Model(new ReLUNet());
        Assert.Contains("layer 1 is declared Linear, but the model applies Relu", Refused(new LinearNet(), linear), StringComparison.Ordinal);
    }

    [Fact]
    public void Gemm_attributes_tensors_and_graphs_it_cannot_read_are_refused()
    {
        ModelProto model = Model(new ReLUNet());
        model.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 2 });
        Assert.Contains("alpha = 2 is not supported", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        model = Model(new ReLUNet());
        model.Graph.Initializer[0].DataLocation = TensorProto.Types.DataLocation.External;
        Assert.Contains("external file", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        model = Model(new ReLUNet());
        model.Graph.Initializer[0].DataType = (int)TensorProto.Types.DataType.Int64;
        Assert.Contains("INT64, not FLOAT or DOUBLE", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        model = Model(new ReLUNet());
        model.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[5]);
        Assert.Contains("raw_data holds 5 bytes", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        // A weight that is not stored in the model, or is a second graph input.
        model = Model(new ReLUNet());
        model.Graph.Initializer.RemoveAt(0);
        Assert.Contains("'layer1.weight' is not an initializer", Refused(new ReLUNet(), model), StringComparison.Ordinal);
        model.Graph.Input.Add(new ValueInfoProto { Name = "layer1.weight", Type = model.Graph.Input[0].Type });
        Assert.Contains("has 2 graph inputs", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        // A node after the last layer, and a graph that ends early.
        model = Model(new ReLUNet());
        model.Graph.Node.Add(new NodeProto { OpType = "Relu", Name = "extra", Input = { "output" }, Output = { "more" } });
        Assert.Contains("'extra' (index 6, operator Relu)", Refused(new ReLUNet(), model), StringComparison.Ordinal);
        model = Model(new ReLUNet());
        model.Graph.Node.RemoveAt(5);
        model.Graph.Node.RemoveAt(4);
        Assert.Contains("ends after 2 dense layers", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        model = new ModelProto();
        Assert.Contains("no graph", Refused(new ReLUNet(), model), StringComparison.Ordinal);

        // A scaler with a zero scale.
        var scaled = new ReLUNet();
        model = Model(scaled, new FeatureScaler<float>(ScalingKind.Standardize, new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f }));
        model.Graph.Initializer.Single(t => t.Name == "scaler.scales").RawData = ByteString.CopyFrom(new byte[12]);
        Assert.Contains("invalid feature scaler", Refused(new ReLUNet(), model), StringComparison.Ordinal);
    }

    private static void RoundTrip<T>(string name, Func<INetwork<T>> create)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        INetwork<T> network = create();
        Randomize(network, 21);
        INetwork<T> fresh = create();
        Assert.Null(OnnxModel.Load(new MemoryStream(Export(network)), fresh));
        Assert.True(SameBits<T>(network.Parameters, fresh.Parameters), name);
    }

    private static ModelProto Model<T>(INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T> => ModelProto.Parser.ParseFrom(Export(network, scaler));

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

    private static void Transpose(TensorProto tensor)
    {
        double[] values = OnnxTensors.Read(tensor, out _)!;
        int rows = (int)tensor.Dims[0];
        int columns = (int)tensor.Dims[1];
        var transposed = new float[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                transposed[(c * rows) + r] = (float)values[(r * columns) + c];
            }
        }

        TensorProto replacement = OnnxTensors.Create<float>(tensor.Name, transposed, columns, rows);
        tensor.RawData = replacement.RawData;
        tensor.Dims.Clear();
        tensor.Dims.AddRange(replacement.Dims);
    }
}
