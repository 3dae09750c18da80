using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// Convolutional networks exported and run in ONNX Runtime (one thread, graph optimisations on and off) on random
/// batches of [rows, C, H, W] against Forward, with the dense networks' tolerances; and the round trip back.
/// </summary>
public sealed class CnnOnnxRuntimeTests
{
    private const int Rows = 32;

    private readonly ITestOutputHelper _output;

    public CnnOnnxRuntimeTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> FloatNetworks => FloatFactories.Keys.Select(k => new object[] { k });

    internal static Dictionary<string, Func<INetwork<float>>> FloatFactories { get; } = new()
    {
        ["Tiny"] = () => new OnnxTinyCnn(),
        ["Strided"] = () => new OnnxStridedCnn(),
        ["Rectangular"] = () => new OnnxRectangularCnn(),
        ["Activations"] = () => new OnnxActivationsCnn(),
        ["ImageMlp"] = () => new OnnxImageMlp(),
    };

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void A_float_CNN_computes_in_ONNX_Runtime_what_Forward_computes(string name)
    {
        INetwork<float> network = FloatFactories[name]();
        Randomize(network, 11);
        byte[] model = Export(network);
        float[] inputs = Inputs<float>(Rows, network.InputSize, 12);
        float[] forward = RunForward(network, inputs, Rows);
        foreach (GraphOptimizationLevel level in new[] { GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_DISABLE_ALL })
        {
            float[] onnx = RunOnnx(model, inputs, BatchShape(network.Architecture, Rows), level);
            (double maxAbsolute, double maxRelative) = Differences(forward, onnx);
            _output.WriteLine($"Single {name} {level}: max |difference| {maxAbsolute:G3}, max relative {maxRelative:G3}");
            int outside = FirstOutside(forward, onnx, FloatRelative, FloatAbsolute);
            Assert.True(outside < 0, outside < 0 ? string.Empty : $"{name} ({level}) output {outside}: Forward {forward[outside]}, ONNX Runtime {onnx[outside]}.");

            // A batch of one gives the same as the row in the batch.
            float[] single = RunOnnx(model, inputs.AsSpan(0, network.InputSize).ToArray(), BatchShape(network.Architecture, 1), level);
            Assert.Equal(-1, FirstOutside(forward.AsSpan(0, network.OutputSize).ToArray(), single, FloatRelative, FloatAbsolute));
        }
    }

    [Fact]
    public void A_double_CNN_is_refused_by_ONNX_Runtime_for_want_of_a_double_Conv_and_its_float_twin_agrees()
    {
        // ONNX Runtime 1.31.1's CPU provider has no double Conv; this fails when it gains one, so the test can then
        // run the double model against the double bound, as the dense networks do.
        var network = new OnnxDoubleCnn();
        Randomize(network, 11);
        byte[] model = Export(network);
        double[] inputs = Inputs<double>(Rows, OnnxDoubleCnn.InputSize, 12).Select(v => (double)(float)v).ToArray();
        OnnxRuntimeException missing = Assert.Throws<OnnxRuntimeException>(() => RunOnnx(model, inputs, BatchShape(network.Architecture, Rows)));
        Assert.Contains("Could not find an implementation", missing.Message, StringComparison.Ordinal);
        _output.WriteLine(missing.Message);

        // The same graph in float, on the inputs rounded to float, against the double Forward: float's tolerance plus
        // the rounding of the weights and inputs to float.
        ModelProto single = ModelProto.Parser.ParseFrom(model);
        foreach (TensorProto tensor in single.Graph.Initializer)
        {
            double[] values = OnnxTensors.Read(tensor, out _)!;
            TensorProto narrowed = OnnxTensors.Create<float>(tensor.Name, values.Select(v => (float)v).ToArray(), tensor.Dims.ToArray());
            tensor.DataType = narrowed.DataType;
            tensor.RawData = narrowed.RawData;
        }

        foreach (ValueInfoProto value in single.Graph.Input.Concat(single.Graph.Output))
        {
            value.Type.TensorType.ElemType = OnnxTensors.Float;
        }

        double[] forward = RunForward(network, inputs, Rows);
        float[] onnx = RunOnnx(Google.Protobuf.MessageExtensions.ToByteArray(single), inputs.Select(v => (float)v).ToArray(), BatchShape(network.Architecture, Rows));
        double[] widened = onnx.Select(v => (double)v).ToArray();
        (double maxAbsolute, double maxRelative) = Differences(forward, widened);
        _output.WriteLine($"Double CNN as a float model: max |difference| {maxAbsolute:G3}, max relative {maxRelative:G3}");
        Assert.Equal(-1, FirstOutside(forward, widened, 1e-4, 1e-5));
    }

    [Fact]
    public void The_feature_scaler_of_an_image_input_runs_in_ONNX_Runtime_shaped_as_one_sample()
    {
        var network = new OnnxTinyCnn();
        Randomize(network, 5);
        float[] offsets = Inputs<float>(1, OnnxTinyCnn.InputSize, 7);
        float[] scales = Inputs<float>(1, OnnxTinyCnn.InputSize, 8).Select(v => 0.5f + Math.Abs(v)).ToArray();
        var scaler = new FeatureScaler<float>(ScalingKind.Standardize, offsets, scales);
        byte[] model = Export(network, scaler);
        Assert.Equal(new long[] { 1, 9, 9 }, ModelProto.Parser.ParseFrom(model).Graph.Initializer.Single(t => t.Name == "scaler.offsets").Dims);

        float[] inputs = Inputs<float>(Rows, OnnxTinyCnn.InputSize, 6);
        float[] onnx = RunOnnx(model, inputs, BatchShape(network.Architecture, Rows));
        Assert.Equal(-1, FirstOutside(RunForward(network, inputs, Rows, scaler), onnx, FloatRelative, FloatAbsolute));

        var fresh = new OnnxTinyCnn(seed: 3);
        FeatureScaler<float>? loaded = OnnxModel.Load(new MemoryStream(model), fresh);
        Assert.Equal(offsets, loaded!.Offsets);
        Assert.Equal(scales, loaded.Scales);
        Assert.True(SameBits<float>(network.Parameters, fresh.Parameters));
    }

    [Fact]
    public void Every_CNN_round_trips_with_identical_parameters()
    {
        foreach ((string name, Func<INetwork<float>> create) in FloatFactories)
        {
            RoundTrip(name, create);
        }

        RoundTrip("Double", () => new OnnxDoubleCnn());
    }

    [Fact]
    public void The_export_writes_the_image_input_Conv_pooling_and_Flatten_nodes_and_no_Dropout()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(Export(new OnnxStridedCnn()));
        Assert.Equal(OnnxModel.OpsetVersion, model.OpsetImport.Single().Version);
        var input = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.Equal("batch", input[0].DimParam);
        Assert.Equal(new long[] { 3, 7, 7 }, input.Skip(1).Select(d => d.DimValue));
        Assert.Equal(new[] { "Conv", "Tanh", "Conv", "Sigmoid", "AveragePool", "Flatten", "Gemm" }, model.Graph.Node.Select(n => n.OpType));

        NodeProto conv = model.Graph.Node[0];
        Assert.Equal(new long[] { 3, 3 }, conv.Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal(new long[] { 2, 2 }, conv.Attribute.Single(a => a.Name == "strides").Ints);
        Assert.Equal(new long[] { 0, 0, 0, 0 }, conv.Attribute.Single(a => a.Name == "pads").Ints);
        Assert.Equal(new long[] { 8, 3, 3, 3 }, model.Graph.Initializer.Single(t => t.Name == "layer1.weight").Dims);
        Assert.Equal(new long[] { 8 }, model.Graph.Initializer.Single(t => t.Name == "layer1.bias").Dims);
        Assert.Equal(new long[] { 3, 8, 1, 1 }, model.Graph.Initializer.Single(t => t.Name == "layer2.weight").Dims);

        NodeProto pool = model.Graph.Node[4];
        Assert.Equal(new long[] { 2, 2 }, pool.Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal(new long[] { 1, 1 }, pool.Attribute.Single(a => a.Name == "strides").Ints);
        Assert.Equal(1, model.Graph.Node[5].Attribute.Single(a => a.Name == "axis").I);
        Assert.Equal(new long[] { 2, 12 }, model.Graph.Initializer.Single(t => t.Name == "layer5.weight").Dims);

        // A dense layer reading the image input directly is flattened first too.
        ModelProto mlp = ModelProto.Parser.ParseFrom(Export(new OnnxImageMlp()));
        Assert.Equal(new[] { "Flatten", "Gemm", "Tanh", "Gemm" }, mlp.Graph.Node.Select(n => n.OpType));
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
}
