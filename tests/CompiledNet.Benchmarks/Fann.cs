using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CompiledNet.Benchmarks;

/// <summary>
/// FANN 2.2 (Debian's libfann2, float build: libfloatfann.so.2) through function pointers resolved with
/// <see cref="NativeLibrary"/>, so that a machine without it runs every other benchmark.
/// </summary>
/// <remarks>
/// Enum values, from FANN's fann_activation.h / fann_data.h: fann_activationfunc_enum FANN_LINEAR 0, FANN_THRESHOLD 1,
/// FANN_THRESHOLD_SYMMETRIC 2, FANN_SIGMOID 3, FANN_SIGMOID_STEPWISE 4, FANN_SIGMOID_SYMMETRIC 5,
/// FANN_SIGMOID_SYMMETRIC_STEPWISE 6, FANN_GAUSSIAN 7, FANN_GAUSSIAN_SYMMETRIC 8, FANN_GAUSSIAN_STEPWISE 9,
/// FANN_ELLIOT 10, FANN_ELLIOT_SYMMETRIC 11, FANN_LINEAR_PIECE 12, FANN_LINEAR_PIECE_SYMMETRIC 13, ... (2.2 has no
/// ReLU: FANN_LINEAR_PIECE_RECT came in 2.3); fann_train_enum FANN_TRAIN_INCREMENTAL 0, FANN_TRAIN_BATCH 1, ...;
/// fann_errorfunc_enum FANN_ERRORFUNC_LINEAR 0, FANN_ERRORFUNC_TANH 1 (the default, which we turn off).
/// </remarks>
public static unsafe class FannNative
{
    public const string LibraryName = "libfloatfann.so.2";
    public const int Linear = 0;
    public const int Sigmoid = 3;
    public const int SigmoidSymmetric = 5;
    public const int LinearPiece = 12;
    public const int TrainIncremental = 0;
    public const int TrainBatch = 1;
    public const int ErrorFunctionLinear = 0;

    private static readonly Lazy<string?> Loaded = new(Load);

// Resolved in Load.
    internal static delegate* unmanaged[Cdecl]<uint, uint*, nint> CreateStandardArray;
    internal static delegate* unmanaged[Cdecl]<nint, void> Destroy;
    internal static delegate* unmanaged[Cdecl]<nint, int, void> SetActivationFunctionHidden;
    internal static delegate* unmanaged[Cdecl]<nint, int, void> SetActivationFunctionOutput;
    internal static delegate* unmanaged[Cdecl]<nint, float, void> SetActivationSteepnessHidden;
    internal static delegate* unmanaged[Cdecl]<nint, float, void> SetActivationSteepnessOutput;
    internal static delegate* unmanaged[Cdecl]<nint, int, void> SetTrainingAlgorithm;
    internal static delegate* unmanaged[Cdecl]<nint, int, void> SetTrainErrorFunction;
    internal static delegate* unmanaged[Cdecl]<nint, float, void> SetLearningRate;
    internal static delegate* unmanaged[Cdecl]<nint, float, void> SetLearningMomentum;
    internal static delegate* unmanaged[Cdecl]<nint, uint> GetTotalConnections;
    internal static delegate* unmanaged[Cdecl]<nint, FannConnection*, void> GetConnectionArray;
    internal static delegate* unmanaged[Cdecl]<nint, FannConnection*, uint, void> SetWeightArray;
    internal static delegate* unmanaged[Cdecl]<nint, byte*, int> Save;
    internal static delegate* unmanaged[Cdecl]<byte*, nint> CreateFromFile;
    internal static delegate* unmanaged[Cdecl]<nint, float*, float*> Run;
    internal static delegate* unmanaged[Cdecl]<nint, float*, float*, void> Train;
    internal static delegate* unmanaged[Cdecl]<nint, nint, float> TrainEpoch;
    internal static delegate* unmanaged[Cdecl]<uint, uint, uint, delegate* unmanaged[Cdecl]<uint, uint, uint, float*, float*, void>, nint> CreateTrainFromCallback;
    internal static delegate* unmanaged[Cdecl]<nint, void> DestroyTrain;
    internal static delegate* unmanaged[Cdecl]<nint, int> GetErrno;

    /// <summary>Whether libfloatfann.so.2 loaded and exports everything used here.</summary>
    public static bool IsAvailable => Loaded.Value is null;

    /// <summary>Why FANN is not available, or null.</summary>
    public static string? UnavailableReason => Loaded.Value;

    public const string NotFoundMessage = "FANN not found (install libfann2): skipping the FANN cases.";

    private static string? Load()
    {
        if (Environment.GetEnvironmentVariable("CNBENCH_DISABLE_FANN") == "1")
        {
            return "CNBENCH_DISABLE_FANN=1 makes the program behave as if it were missing";
        }

        if (!NativeLibrary.TryLoad(LibraryName, out nint library) &&
            !NativeLibrary.TryLoad("/usr/lib/x86_64-linux-gnu/" + LibraryName, out library))
        {
            return $"{LibraryName} could not be loaded";
        }

        try
        {
            CreateStandardArray = (delegate* unmanaged[Cdecl]<uint, uint*, nint>)NativeLibrary.GetExport(library, "fann_create_standard_array");
            Destroy = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "fann_destroy");
            SetActivationFunctionHidden = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "fann_set_activation_function_hidden");
            SetActivationFunctionOutput = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "fann_set_activation_function_output");
            SetActivationSteepnessHidden = (delegate* unmanaged[Cdecl]<nint, float, void>)NativeLibrary.GetExport(library, "fann_set_activation_steepness_hidden");
            SetActivationSteepnessOutput = (delegate* unmanaged[Cdecl]<nint, float, void>)NativeLibrary.GetExport(library, "fann_set_activation_steepness_output");
            SetTrainingAlgorithm = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "fann_set_training_algorithm");
            SetTrainErrorFunction = (delegate* unmanaged[Cdecl]<nint, int, void>)NativeLibrary.GetExport(library, "fann_set_train_error_function");
            SetLearningRate = (delegate* unmanaged[Cdecl]<nint, float, void>)NativeLibrary.GetExport(library, "fann_set_learning_rate");
            SetLearningMomentum = (delegate* unmanaged[Cdecl]<nint, float, void>)NativeLibrary.GetExport(library, "fann_set_learning_momentum");
            GetTotalConnections = (delegate* unmanaged[Cdecl]<nint, uint>)NativeLibrary.GetExport(library, "fann_get_total_connections");
            GetConnectionArray = (delegate* unmanaged[Cdecl]<nint, FannConnection*, void>)NativeLibrary.GetExport(library, "fann_get_connection_array");
            SetWeightArray = (delegate* unmanaged[Cdecl]<nint, FannConnection*, uint, void>)NativeLibrary.GetExport(library, "fann_set_weight_array");
            Save = (delegate* unmanaged[Cdecl]<nint, byte*, int>)NativeLibrary.GetExport(library, "fann_save");
            CreateFromFile = (delegate* unmanaged[Cdecl]<byte*, nint>)NativeLibrary.GetExport(library, "fann_create_from_file");
            Run = (delegate* unmanaged[Cdecl]<nint, float*, float*>)NativeLibrary.GetExport(library, "fann_run");
            Train = (delegate* unmanaged[Cdecl]<nint, float*, float*, void>)NativeLibrary.GetExport(library, "fann_train");
            TrainEpoch = (delegate* unmanaged[Cdecl]<nint, nint, float>)NativeLibrary.GetExport(library, "fann_train_epoch");
            CreateTrainFromCallback = (delegate* unmanaged[Cdecl]<uint, uint, uint, delegate* unmanaged[Cdecl]<uint, uint, uint, float*, float*, void>, nint>)NativeLibrary.GetExport(library, "fann_create_train_from_callback");
            DestroyTrain = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "fann_destroy_train");
            GetErrno = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "fann_get_errno");
        }
        catch (EntryPointNotFoundException e)
        {
            return $"{LibraryName} lacks an export: {e.Message}";
        }

        return null;
    }
}

/// <summary>FANN's <c>struct fann_connection</c>: from_neuron, to_neuron, weight.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FannConnection
{
    public uint FromNeuron;
    public uint ToNeuron;
    public float Weight;
}

/// <summary>
/// A FANN standard (fully connected, layered) network set up like a workload: FANN's sigmoid is
/// 1/(1+e^(−2·s·z)), so steepness 0.5 gives the logistic sigmoid; its symmetric sigmoid is tanh(s·z), so
/// steepness 1 gives tanh; linear piece with steepness 1 is clamp(z, 0, 1). Training uses the linear error
/// function and no momentum. FANN's incremental step is w += η_F·(t − y)·f'·x, i.e. gradient descent on
/// ½·Σ(t − y)², while CompiledNet's MSE is mean((y − t)²): the same step needs η_F = η·2/outputs.
/// </summary>
public sealed unsafe class FannNetwork : IDisposable
{
    private readonly WorkloadSpec _spec;
    private readonly int[] _layerSizes;
    private readonly int[] _firstNeuron;
    private nint _ann;

    public FannNetwork(WorkloadSpec spec, bool batchTraining)
    {
        if (!FannNative.IsAvailable)
        {
            throw new InvalidOperationException(FannNative.NotFoundMessage);
        }

        if (spec.Loss != LossKind.MeanSquaredError)
        {
            throw new ArgumentException("FANN trains mean squared error only.", nameof(spec));
        }

        for (int l = 1; l < spec.Layers.Count - 1; l++)
        {
            if (spec.Layers[l].Activation != spec.Layers[0].Activation)
            {
                throw new ArgumentException("All hidden layers need the same activation.", nameof(spec));
            }
        }

        _spec = spec;
        _layerSizes = new[] { spec.Inputs }.Concat(spec.Layers.Select(l => l.Size)).ToArray();
        _firstNeuron = new int[_layerSizes.Length];
        for (int l = 1; l < _layerSizes.Length; l++)
        {
            _firstNeuron[l] = _firstNeuron[l - 1] + _layerSizes[l - 1] + 1; // every layer ends with a bias neuron
        }

        uint* sizes = stackalloc uint[_layerSizes.Length];
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            sizes[l] = (uint)_layerSizes[l];
        }

        _ann = FannNative.CreateStandardArray((uint)_layerSizes.Length, sizes);
        if (_ann == 0)
        {
            throw new InvalidOperationException("fann_create_standard_array returned NULL.");
        }

        Configure(batchTraining);
    }

    /// <summary>FANN's learning rate that takes the same step as CompiledNet's η on its MSE.</summary>
    public float LearningRate => _spec.LearningRate * 2f / _spec.Outputs;

    public int ConnectionCount => (int)FannNative.GetTotalConnections(_ann);

    public static (int Function, float Steepness) Map(Act activation) => activation switch
    {
        Act.Sigmoid => (FannNative.Sigmoid, 0.5f),
        Act.Tanh => (FannNative.SigmoidSymmetric, 1f),
        Act.LinearPiece => (FannNative.LinearPiece, 1f),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "FANN 2.2 has no such activation."),
    };

    public void Configure(bool batchTraining)
    {
        (int hidden, float hiddenSteepness) = Map(_spec.Layers[0].Activation);
        (int output, float outputSteepness) = Map(_spec.Layers[^1].Activation);
        FannNative.SetActivationFunctionHidden(_ann, hidden);
        FannNative.SetActivationSteepnessHidden(_ann, hiddenSteepness);
        FannNative.SetActivationFunctionOutput(_ann, output);
        FannNative.SetActivationSteepnessOutput(_ann, outputSteepness);
        FannNative.SetTrainingAlgorithm(_ann, batchTraining ? FannNative.TrainBatch : FannNative.TrainIncremental);
        FannNative.SetTrainErrorFunction(_ann, FannNative.ErrorFunctionLinear);
        FannNative.SetLearningRate(_ann, LearningRate);
        FannNative.SetLearningMomentum(_ann, 0f);
    }

    /// <summary>
    /// Copies parameters from CompiledNet's flat layout: FANN's connection into neuron j of layer l from neuron i of
    /// layer l−1 is W_l[j, i], and the one from layer l−1's bias neuron (its last) is b_l[j].
    /// </summary>
    /// <remarks>
    /// fann_set_weight_array searches the whole network for every connection (quadratic), fine for W1 and W2 but
    /// hours for W3's 101,770 connections; a large network is instead saved with fann_save, its connection line
    /// rewritten with the new weights, and loaded back with fann_create_from_file. Either way the weights are read
    /// back and compared.
    /// </remarks>
    public void SetParameters(ReadOnlySpan<float> flat, bool batchTraining)
    {
        FannConnection[] connections = Connections();
        for (int c = 0; c < connections.Length; c++)
        {
            connections[c].Weight = flat[FlatIndex(connections[c])];
        }

        if (connections.Length <= 20_000)
        {
            fixed (FannConnection* p = connections)
            {
                FannNative.SetWeightArray(_ann, p, (uint)connections.Length);
            }
        }
        else
        {
            ReloadWithWeights(connections);
        }

        Configure(batchTraining);
        var check = new float[flat.Length];
        GetParameters(check);
        for (int i = 0; i < check.Length; i++)
        {
            if (check[i] != flat[i])
            {
                throw new InvalidOperationException($"FANN weight {i} reads back as {check[i]}, not {flat[i]}.");
            }
        }
    }

    /// <summary>Reads the parameters in CompiledNet's flat layout.</summary>
    public void GetParameters(Span<float> flat)
    {
        FannConnection[] connections = Connections();
        if (connections.Length != flat.Length)
        {
            throw new InvalidOperationException($"FANN has {connections.Length} connections, the workload {flat.Length} parameters.");
        }

        foreach (FannConnection connection in connections)
        {
            flat[FlatIndex(connection)] = connection.Weight;
        }
    }

    /// <summary>fann_run: the returned pointer is FANN's own output array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Run(float* input) => FannNative.Run(_ann, input);

    /// <summary>fann_train: one incremental (per-sample) step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Train(float* input, float* target) => FannNative.Train(_ann, input, target);

    /// <summary>fann_train_epoch: with FANN_TRAIN_BATCH, one step with the mean gradient over the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float TrainEpoch(FannTrainData data) => FannNative.TrainEpoch(_ann, data.Handle);

    public void Run(ReadOnlySpan<float> input, Span<float> output)
    {
        fixed (float* x = input)
        {
            new ReadOnlySpan<float>(Run(x), _spec.Outputs).CopyTo(output);
        }
    }

    public void Dispose()
    {
        if (_ann != 0)
        {
            FannNative.Destroy(_ann);
            _ann = 0;
        }
    }

    private FannConnection[] Connections()
    {
        var connections = new FannConnection[ConnectionCount];
        fixed (FannConnection* p = connections)
        {
            FannNative.GetConnectionArray(_ann, p);
        }

        return connections;
    }

    private int FlatIndex(FannConnection connection)
    {
        int to = (int)connection.ToNeuron;
        int from = (int)connection.FromNeuron;
        for (int l = _layerSizes.Length - 1; l >= 1; l--)
        {
            if (to >= _firstNeuron[l])
            {
                int j = to - _firstNeuron[l];
                int i = from - _firstNeuron[l - 1];
                int fanIn = _layerSizes[l - 1];
                if (j >= _layerSizes[l] || i < 0 || i > fanIn)
                {
                    break;
                }

                return i == fanIn ? _spec.BiasOffset(l - 1) + j : _spec.WeightOffset(l - 1) + (j * fanIn) + i;
            }
        }

        throw new InvalidOperationException($"Unexpected FANN connection {from} → {to}.");
    }

    private void ReloadWithWeights(FannConnection[] connections)
    {
        string path = Path.Combine(Path.GetTempPath(), $"cnbench-fann-{Environment.ProcessId}-{Guid.NewGuid():N}.net");
        try
        {
            SaveTo(path);
            const string Prefix = "connections (connected_to_neuron, weight)=";
            string[] lines = File.ReadAllLines(path);
            int index = Array.FindIndex(lines, l => l.StartsWith(Prefix, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new InvalidOperationException("fann_save wrote no connections line.");
            }

            // Each connection is "(from, weight) " in FANN's weight order, the order fann_get_connection_array uses.
            string[] saved = lines[index][Prefix.Length..].Split(") ", StringSplitOptions.RemoveEmptyEntries);
            if (saved.Length != connections.Length)
            {
                throw new InvalidOperationException($"fann_save wrote {saved.Length} connections, expected {connections.Length}.");
            }

            var line = new StringBuilder(Prefix, Prefix.Length + (connections.Length * 24));
            for (int c = 0; c < connections.Length; c++)
            {
                string from = saved[c].TrimStart('(').Split(',')[0];
                if (from != connections[c].FromNeuron.ToString(CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException($"Connection {c} comes from neuron {from} in the file, {connections[c].FromNeuron} in memory.");
                }

                line.Append('(').Append(from).Append(", ").Append(connections[c].Weight.ToString("E9", CultureInfo.InvariantCulture)).Append(") ");
            }

            lines[index] = line.ToString();
            File.WriteAllLines(path, lines);
            nint loaded = LoadFrom(path);
            FannNative.Destroy(_ann);
            _ann = loaded;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private void SaveTo(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            if (FannNative.Save(_ann, p) != 0)
            {
                throw new InvalidOperationException($"fann_save failed (errno {FannNative.GetErrno(_ann)}).");
            }
        }
    }

    private static nint LoadFrom(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            nint ann = FannNative.CreateFromFile(p);
            return ann != 0 ? ann : throw new InvalidOperationException("fann_create_from_file returned NULL.");
        }
    }
}

/// <summary>A <c>struct fann_train_data</c> holding copies of samples, made through fann_create_train_from_callback.</summary>
public sealed unsafe class FannTrainData : IDisposable
{
    [ThreadStatic]
    private static float[]? s_inputs;

    [ThreadStatic]
    private static float[]? s_targets;

    [ThreadStatic]
    private static int s_first;

    public FannTrainData(float[] inputs, float[] targets, int first, int count, int inputSize, int outputSize)
    {
        s_inputs = inputs;
        s_targets = targets;
        s_first = first;
        try
        {
            Handle = FannNative.CreateTrainFromCallback((uint)count, (uint)inputSize, (uint)outputSize, &Fill);
        }
        finally
        {
            s_inputs = null;
            s_targets = null;
        }

        if (Handle == 0)
        {
            throw new InvalidOperationException("fann_create_train_from_callback returned NULL.");
        }
    }

    public nint Handle { get; private set; }

    /// <summary>Chunks of <paramref name="batchSize"/> samples (the last may be smaller), one train data each.</summary>
    public static List<FannTrainData> Batches(float[] inputs, float[] targets, int count, int inputSize, int outputSize, int batchSize)
    {
        var batches = new List<FannTrainData>();
        for (int start = 0; start < count; start += batchSize)
        {
            batches.Add(new FannTrainData(inputs, targets, start, Math.Min(batchSize, count - start), inputSize, outputSize));
        }

        return batches;
    }

    public void Dispose()
    {
        if (Handle != 0)
        {
            FannNative.DestroyTrain(Handle);
            Handle = 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void Fill(uint sample, uint inputSize, uint outputSize, float* input, float* output)
    {
        int row = s_first + (int)sample;
        s_inputs.AsSpan(row * (int)inputSize, (int)inputSize).CopyTo(new Span<float>(input, (int)inputSize));
        s_targets.AsSpan(row * (int)outputSize, (int)outputSize).CopyTo(new Span<float>(output, (int)outputSize));
    }
}
