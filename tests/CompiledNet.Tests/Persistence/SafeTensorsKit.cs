using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>Every hidden activation in one network, and a Linear output: modules 0, 2, ..., 16, the last without activation.</summary>
[Input(3)]
[Dense(4, Activation.Sigmoid)]
[Dense(4, Activation.ReLU)]
[Dense(4, Activation.LeakyReLU, NegativeSlope = 0.2f)]
[Dense(4, Activation.ELU, Alpha = 0.5f)]
[Dense(4, Activation.Softplus)]
[Dense(4, Activation.SiLU)]
[Dense(4, Activation.GELU)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class StActivationsNet;

/// <summary>The same layers in double precision.</summary>
[Network(Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Sigmoid)]
[Dense(4, Activation.ReLU)]
[Dense(4, Activation.LeakyReLU, NegativeSlope = 0.2f)]
[Dense(4, Activation.ELU, Alpha = 0.5f)]
[Dense(4, Activation.Softplus)]
[Dense(4, Activation.SiLU)]
[Dense(4, Activation.GELU)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class StActivationsDoubleNet;

/// <summary>A Softmax output, which counts as a module of its own.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class StSoftmaxNet;

/// <summary>The same in double precision.</summary>
[Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class StSoftmaxDoubleNet;

/// <summary>One layer: a lone nn.Linear's state_dict is just "weight" and "bias".</summary>
[Input(3)]
[Dense(2, Activation.Sigmoid)]
public partial class StSingleNet;

/// <summary>One tensor of a hand-made file.</summary>
internal sealed record StTensor(string Name, string DType, long[] Shape, byte[] Data);

/// <summary>Builds safetensors files by hand, well-formed or not, for the tests.</summary>
internal static class SafeTensorsKit
{
    /// <summary>The header JSON of well-formed tensors, back to back in the given order.</summary>
    public static string Header(params StTensor[] tensors)
    {
        var json = new StringBuilder("{");
        long offset = 0;
        foreach (StTensor t in tensors)
        {
            json.Append(json.Length == 1 ? string.Empty : ",")
                .Append('"').Append(t.Name).Append("\":{\"dtype\":\"").Append(t.DType).Append("\",\"shape\":[")
                .Append(string.Join(",", t.Shape)).Append("],\"data_offsets\":[").Append(offset).Append(',').Append(offset + t.Data.Length).Append("]}");
            offset += t.Data.Length;
        }

        return json.Append('}').ToString();
    }

    /// <summary>A file of the tensors, back to back in the given order.</summary>
    public static byte[] File(params StTensor[] tensors) => Raw(Header(tensors), tensors.SelectMany(t => t.Data).ToArray());

    /// <summary>The length field, the header padded with spaces to a multiple of 8, and the data.</summary>
    public static byte[] Raw(string header, byte[] data, bool pad = true)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        int padding = pad ? (8 - (json.Length % 8)) % 8 : 0;
        var bytes = new byte[8 + json.Length + padding + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(json.Length + padding));
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padding).Fill((byte)' ');
        data.CopyTo(bytes, 8 + json.Length + padding);
        return bytes;
    }

    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] F64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] U16(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>
    /// The network's layers with parameters as tensors under the given names (weight, bias per layer), F32 or F64 as
    /// the network: a dense weight [outputs, inputs], a convolution's [filters, channels, kernel height, kernel width].
    /// </summary>
    public static StTensor[] Tensors<T>(INetwork<T> network, params string[] names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<StTensor>();
        NetworkArchitecture architecture = network.Architecture;
        T[] parameters = network.Parameters.ToArray();
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            long[]? weightShape = architecture.Layers[l] switch
            {
                DenseLayerInfo dense => [dense.Size, architecture.InputShapeOf(l).Size],
                Conv2DLayerInfo conv => [conv.Filters, architecture.InputShapeOf(l).Channels, conv.KernelHeight, conv.KernelWidth],
                Pool2DLayerInfo or DropoutLayerInfo => null,
                LayerInfo other => throw new ArgumentException("Unknown layer kind " + other.GetType().Name, nameof(network)),
            };
            if (weightShape is null)
            {
                continue;
            }

            int at = architecture.ParameterOffsetOf(l);
            int weights = (int)weightShape.Aggregate(1L, (product, extent) => product * extent);
            int outputs = (int)weightShape[0];
            int pair = tensors.Count;
            tensors.Add(new StTensor(names[pair], DTypeOf<T>(), weightShape, Encode<T>(parameters.AsSpan(at, weights))));
            tensors.Add(new StTensor(names[pair + 1], DTypeOf<T>(), [outputs], Encode<T>(parameters.AsSpan(at + weights, outputs))));
        }

        return tensors.ToArray();
    }

    public static string DTypeOf<T>() => typeof(T) == typeof(double) ? "F64" : "F32";

    public static byte[] Encode<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? F64(values.ToArray().Select(v => double.CreateTruncating(v)).ToArray())
            : F32(values.ToArray().Select(v => float.CreateTruncating(v)).ToArray());

    /// <summary>Loads <paramref name="bytes"/>, expecting a <see cref="SafeTensorsException"/> and an unchanged network.</summary>
    public static SafeTensorsException LoadFails<T>(byte[] bytes, INetwork<T> network, string what, IReadOnlyDictionary<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long[] before = PersistenceKit.Bits<T>(network.Parameters);
        Exception? thrown = Record.Exception(() => SafeTensors.Load(bytes, network, names));
        Assert.True(thrown is SafeTensorsException, $"{what}: expected a SafeTensorsException but got {thrown?.GetType().Name ?? "no exception"}: {thrown?.Message}");
        Assert.Equal(before, PersistenceKit.Bits<T>(network.Parameters));
        return (SafeTensorsException)thrown!;
    }

    /// <summary>The folder of the reference files, found from this source file.</summary>
    public static string ReferenceFolder { get; } = Path.Combine(Path.GetDirectoryName(ThisFilePath())!, "SafeTensorsReference");

    private static string ThisFilePath([CallerFilePath] string path = "") => path;
}
