using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// A model torch.onnx.export wrote (PyTorchReference/make_reference.py, torch 1.13.1, opset 17): imported into the
/// matching declared network, it holds torch's parameters and Forward gives torch's outputs. Uses only the checked-in
/// files, so torch is not needed.
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
}
