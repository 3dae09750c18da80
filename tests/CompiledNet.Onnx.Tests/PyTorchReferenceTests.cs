using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// Models torch.onnx.export wrote (PyTorchReference/make_reference.py and make_cnn_reference.py, torch 1.13.1, opset
/// 17), and a CNN's state_dict as safetensors: read into the matching declared network, each holds torch's parameters
/// and Forward gives torch's outputs. Uses only the checked-in files, so torch is not needed.
/// </summary>
public sealed class PyTorchReferenceTests
{
    private readonly ITestOutputHelper _output;

    public PyTorchReferenceTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void A_PyTorch_export_imports_with_torchs_parameters_and_gives_torchs_outputs()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "PyTorchReference");
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")));
        JsonElement root = reference.RootElement;

        var network = new TorchReferenceNet(seed: 1);
        Assert.Null(OnnxModel.Load(Path.Combine(folder, "reference.onnx"), network));

        float[] parameters = root.GetProperty("parameters").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(parameters, network.Parameters.ToArray());

        float[][] inputs = root.GetProperty("inputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        float[] expected = root.GetProperty("outputs").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        float[] actual = RunForward<float>(network, inputs.SelectMany(r => r).ToArray(), inputs.Length);
        (double absolute, double relative) = Differences(expected, actual);
        _output.WriteLine($"Forward against torch: max |difference| {absolute:G3}, max relative {relative:G3}");
        Assert.Equal(-1, FirstOutside(expected, actual, FloatRelative, FloatAbsolute));
    }

    [Fact]
    public void A_PyTorch_CNN_imports_from_ONNX_and_loads_from_its_state_dict_with_torchs_parameters_and_outputs()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "PyTorchReference");
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "cnn_reference.json")));
        JsonElement root = reference.RootElement;
        float[] parameters = root.GetProperty("parameters").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        float[] inputs = root.GetProperty("inputs").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        float[] expected = root.GetProperty("outputs").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        int rows = root.GetProperty("outputs").GetArrayLength();

        // torch's Conv, MaxPool (ceil_mode 0, pads 0), AveragePool (count_include_pad 1), Flatten, Gemm; no Dropout.
        var fromOnnx = new TorchCnnReferenceNet(seed: 1);
        Assert.Null(OnnxModel.Load(Path.Combine(folder, "cnn_reference.onnx"), fromOnnx));
        Assert.Equal(parameters, fromOnnx.Parameters.ToArray());

        // The state_dict's own names (0, 3, 8 and 10) are this declaration's default names.
        var fromSafeTensors = new TorchCnnReferenceNet(seed: 2);
        SafeTensors.Load(Path.Combine(folder, "cnn_reference.safetensors"), fromSafeTensors);
        Assert.Equal(parameters, fromSafeTensors.Parameters.ToArray());
        Assert.Equal(
            root.GetProperty("state_dict").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal),
            SafeTensorsNames(SafeTensors.ToBytes(fromSafeTensors)));

        // Written in save_file's layout, CompiledNet's file of these weights is the script's byte for byte.
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "cnn_reference.safetensors")), SafeTensors.ToBytes(fromSafeTensors));

        float[] actual = RunForward<float>(fromOnnx, inputs, rows);
        (double absolute, double relative) = Differences(expected, actual);
        _output.WriteLine($"CNN Forward against torch: max |difference| {absolute:G3}, max relative {relative:G3}");
        Assert.Equal(-1, FirstOutside(expected, actual, FloatRelative, FloatAbsolute));
    }

    private static string[] SafeTensorsNames(byte[] file)
    {
        int length = (int)BitConverter.ToUInt64(file, 0);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, length));
        return header.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
    }
}
