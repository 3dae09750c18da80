using System;
using System.IO;
using CompiledNet.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace CompiledNet.Benchmarks;

/// <summary>
/// ONNX Runtime as a .NET developer would use it for one sample, or one batch of a fixed size, at a time: the network
/// exported with CompiledNet.Onnx (its batch dimension is symbolic), one thread, all graph optimisations, and the
/// allocation-free binding API: the input and output are pinned arrays bound once, and each run copies the rows in
/// and runs the bound session.
/// </summary>
public sealed class OnnxRuntimeContender : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly float[] _input;
    private readonly float[] _output;

    public OnnxRuntimeContender(INetwork<float> network, int rows = 1)
    {
        using var model = new MemoryStream();
        OnnxModel.Save(model, network);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model.ToArray(), options);
        _input = new float[rows * network.InputSize];
        _output = new float[rows * network.OutputSize];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [rows, network.InputSize]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [rows, network.OutputSize]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _inputValue);
        _binding.BindOutput("output", _outputValue);
    }

    /// <summary>One inference of the rows given at construction; the output stays valid until the next call.</summary>
    public ReadOnlySpan<float> Run(ReadOnlySpan<float> input)
    {
        input.CopyTo(_input);
        _session.RunWithBinding(_runOptions, _binding);
        return _output;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
