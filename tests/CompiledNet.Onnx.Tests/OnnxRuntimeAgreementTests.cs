using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// Every test network exported and run in ONNX Runtime (one thread), on a batch of random rows and on single rows,
/// against Forward: within 1e-5 relative (1e-6 absolute floor) in float and 1e-12 (1e-14) in double.
/// </summary>
public sealed class OnnxRuntimeAgreementTests
{
    private const int Rows = 64;

    private readonly ITestOutputHelper _output;

    public OnnxRuntimeAgreementTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> FloatNetworks => FloatFactories.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> DoubleNetworks => DoubleFactories.Keys.Select(k => new object[] { k });

    internal static Dictionary<string, Func<INetwork<float>>> FloatFactories { get; } = new()
    {
        ["Linear"] = () => new LinearNet(),
        ["Sigmoid"] = () => new SigmoidNet(),
        ["Tanh"] = () => new TanhNet(),
        ["ReLU"] = () => new ReLUNet(),
        ["LeakyReLU"] = () => new LeakyReLUNet(),
        ["ELU"] = () => new ELUNet(),
        ["Softplus"] = () => new SoftplusNet(),
        ["SiLU"] = () => new SiLUNet(),
        ["GELU"] = () => new GELUNet(),
        ["Softmax"] = () => new SoftmaxNet(),
        ["Wide"] = () => new WideNet(),
        ["Vector"] = () => new VectorNet(),
    };

    internal static Dictionary<string, Func<INetwork<double>>> DoubleFactories { get; } = new()
    {
        ["Linear"] = () => new LinearNetD(),
        ["Sigmoid"] = () => new SigmoidNetD(),
        ["Tanh"] = () => new TanhNetD(),
        ["ReLU"] = () => new ReLUNetD(),
        ["LeakyReLU"] = () => new LeakyReLUNetD(),
        ["ELU"] = () => new ELUNetD(),
        ["Softplus"] = () => new SoftplusNetD(),
        ["SiLU"] = () => new SiLUNetD(),
        ["GELU"] = () => new GELUNetD(),
        ["Softmax"] = () => new SoftmaxNetD(),
        ["LeakyReLUExact"] = () => new LeakyReLUExactNetD(),
        ["Wide"] = () => new WideNetD(),
    };

    /// <summary>ONNX Runtime 1.31.1's CPU provider has no double kernel for these operators.</summary>
    internal static string[] NoDoubleKernel { get; } = { "ELU", "Softplus" };

    [Theory]
    [MemberData(nameof(FloatNetworks))]
    public void A_float_network_computes_in_ONNX_Runtime_what_Forward_computes(string name)
    {
        INetwork<float> network = FloatFactories[name]();
        Check(name, network, FloatRelative, FloatAbsolute);
    }

    [Theory]
    [MemberData(nameof(DoubleNetworks))]
    public void A_double_network_computes_in_ONNX_Runtime_what_Forward_computes(string name)
    {
        INetwork<double> network = DoubleFactories[name]();
        if (NoDoubleKernel.Contains(name))
        {
            // Still missing in ONNX Runtime (this fails when it gains the kernel, so the test can then check it);
            // meanwhile the same graph in float checks the mapping against the double Forward.
            Randomize(network, 11);
            OnnxRuntimeException missing = Assert.Throws<OnnxRuntimeException>(
                () => RunOnnx(Export(network), Inputs<double>(1, network.InputSize, 12), 1, network.InputSize));
            Assert.Contains("Could not find an implementation", missing.Message, StringComparison.Ordinal);
            CheckFloatTwin(name, network);
            return;
        }

        bool floatAttribute = name is "LeakyReLU";
        Check(name, network, floatAttribute ? DoubleFloatAttributeRelative : DoubleRelative, floatAttribute ? DoubleFloatAttributeAbsolute : DoubleAbsolute);
    }

    [Fact]
    public void The_feature_scaler_runs_in_ONNX_Runtime_as_Sub_and_Mul_before_the_first_layer()
    {
        var network = new TanhNet();
        Randomize(network, 5);
        var scaler = new FeatureScaler<float>(ScalingKind.Standardize, new[] { 1.5f, -2f, 0.25f }, new[] { 0.5f, 2f, 1.25f });
        float[] inputs = Inputs<float>(Rows, TanhNet.InputSize, 6);
        float[] onnx = RunOnnx(Export(network, scaler), inputs, Rows, TanhNet.InputSize);
        float[] forward = RunForward(network, inputs, Rows, scaler);
        Assert.Equal(-1, FirstOutside(forward, onnx, FloatRelative, FloatAbsolute));
    }

    // The double model with every tensor and value turned to FLOAT, run on the inputs rounded to float, against the
    // double network's Forward: float's tolerance, plus the rounding of the weights and inputs to float.
    private void CheckFloatTwin(string name, INetwork<double> network)
    {
        Protobuf.ModelProto model = Protobuf.ModelProto.Parser.ParseFrom(Export(network));
        foreach (Protobuf.TensorProto tensor in model.Graph.Initializer)
        {
            double[] values = OnnxTensors.Read(tensor, out _)!;
            Protobuf.TensorProto single = OnnxTensors.Create<float>(tensor.Name, values.Select(v => (float)v).ToArray(), tensor.Dims.ToArray());
            tensor.DataType = single.DataType;
            tensor.RawData = single.RawData;
        }

        foreach (Protobuf.ValueInfoProto value in model.Graph.Input.Concat(model.Graph.Output))
        {
            value.Type.TensorType.ElemType = OnnxTensors.Float;
        }

        double[] inputs = Inputs<double>(Rows, network.InputSize, 12).Select(v => (double)(float)v).ToArray();
        double[] forward = RunForward(network, inputs, Rows);
        float[] onnx = RunOnnx(Google.Protobuf.MessageExtensions.ToByteArray(model), inputs.Select(v => (float)v).ToArray(), Rows, network.InputSize);
        double[] widened = onnx.Select(v => (double)v).ToArray();
        (double maxAbsolute, double maxRelative) = Differences(forward, widened);
        _output.WriteLine($"Double {name} as a float model: max |difference| {maxAbsolute:G3}, max relative {maxRelative:G3}");
        Assert.Equal(-1, FirstOutside(forward, widened, 1e-4, 1e-5));
    }

    private void Check<T>(string name, INetwork<T> network, double relative, double absolute)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Randomize(network, 11);
        byte[] model = Export(network);
        T[] inputs = Inputs<T>(Rows, network.InputSize, 12);
        T[] forward = RunForward(network, inputs, Rows);
        foreach (GraphOptimizationLevel level in new[] { GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_DISABLE_ALL })
        {
            T[] onnx = RunOnnx(model, inputs, Rows, network.InputSize, level);
            (double maxAbsolute, double maxRelative) = Differences(forward, onnx);
            _output.WriteLine($"{typeof(T).Name} {name} {level}: max |difference| {maxAbsolute:G3}, max relative {maxRelative:G3}");
            int outside = FirstOutside(forward, onnx, relative, absolute);
            Assert.True(outside < 0, outside < 0 ? string.Empty : $"{name} ({level}) output {outside}: Forward {forward[outside]}, ONNX Runtime {onnx[outside]}.");

            // A batch of one gives the same as the row in the batch.
            T[] single = RunOnnx(model, inputs.AsSpan(0, network.InputSize).ToArray(), 1, network.InputSize, level);
            Assert.Equal(-1, FirstOutside(forward.AsSpan(0, network.OutputSize).ToArray(), single, relative, absolute));
        }
    }
}
