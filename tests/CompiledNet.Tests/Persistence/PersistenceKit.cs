using System;
using System.IO;
using System.Linq;
using System.Numerics;

namespace CompiledNet.Tests.Persistence;

/// <summary>The reference network of these tests: float, 3 → 5 tanh → 2 sigmoid, mean squared error.</summary>
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistFloatNet;

/// <summary>The same declaration in another class: the same architecture.</summary>
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistFloatTwinNet;

/// <summary>The same layers in double precision.</summary>
[Network(Precision = Precision.Double)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistDoubleNet;

/// <summary>One more hidden neuron.</summary>
[Input(3)]
[Dense(6, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistWiderNet;

/// <summary>The same sizes (and parameter count) with another hidden activation.</summary>
[Input(3)]
[Dense(5, Activation.ReLU)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistReluNet;

/// <summary>The same layers trained on another loss.</summary>
[Network(Loss = Loss.BinaryCrossEntropy)]
[Input(3)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistBinaryNet;

/// <summary>LeakyReLU with the default slope (0.01).</summary>
[Input(3)]
[Dense(5, Activation.LeakyReLU)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistLeakyNet;

/// <summary>LeakyReLU with slope 0.2.</summary>
[Input(3)]
[Dense(5, Activation.LeakyReLU, NegativeSlope = 0.2f)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistSteepLeakyNet;

/// <summary>ELU with the default α (1).</summary>
[Input(3)]
[Dense(5, Activation.ELU)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistEluNet;

/// <summary>ELU with α = 0.5.</summary>
[Input(3)]
[Dense(5, Activation.ELU, Alpha = 0.5f)]
[Dense(2, Activation.Sigmoid)]
public partial class PersistSoftEluNet;

/// <summary>A fresh folder under the temporary directory, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cnet-persistence-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the entries in the folder, sorted.</summary>
    public string[] Entries() =>
        Directory.EnumerateFileSystemEntries(Path).Select(e => System.IO.Path.GetFileName(e)!).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Helpers shared by the persistence tests.</summary>
internal static class PersistenceKit
{
    /// <summary>Parameters with varied values instead of the initialiser's, so biases are not all zero.</summary>
    public static void Scramble<T>(INetwork<T> network, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        random.FillUniform(network.Parameters, 2.0);
    }

    /// <summary>A scaler fitted on a few rows of three features.</summary>
    public static FeatureScaler<T> Scaler<T>(ScalingKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(7);
        var inputs = new T[12][];
        var targets = new T[12][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new[] { T.CreateTruncating(random.NextDouble() * 10), T.CreateTruncating(-3 + random.NextDouble()), T.CreateTruncating(random.NextDouble() / 7) };
            targets[i] = new[] { T.Zero, T.One };
        }

        DataSet<T> data = DataSet<T>.FromRows(inputs, targets);
        return kind == ScalingKind.MinMax ? FeatureScaler<T>.FitMinMax(data) : FeatureScaler<T>.FitStandardize(data);
    }

    /// <summary>The bit patterns of the parameters, so NaN payloads and −0 compare exactly.</summary>
    public static long[] Bits<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = values[i] is float f ? BitConverter.SingleToInt32Bits(f) : BitConverter.DoubleToInt64Bits(double.CreateTruncating(values[i]));
        }

        return bits;
    }
}

/// <summary>CRC-32 as IEEE 802.3 defines it (reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF), bit by bit.</summary>
internal static class ReferenceCrc32
{
    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Rewrites the last four bytes with the CRC-32 of everything before them.</summary>
    public static void Reseal(byte[] file) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Compute(file.AsSpan(0, file.Length - 4)));
}
