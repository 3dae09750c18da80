using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;

namespace CompiledNet;

/// <summary>
/// Loads and saves a network's parameters as safetensors, the weight format of PyTorch and Hugging Face:
/// <code>
/// u64 little-endian N | N bytes of UTF-8 JSON, padded with spaces to a multiple of 8 | the tensors' data
/// {"0.bias": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}, "0.weight": {...}, ...}
/// </code>
/// The tensors are named as PyTorch's <c>state_dict()</c> names an <c>nn.Sequential</c> of the network's modules:
/// layer l's Linear (or Conv2d) is module k, its activation (unless <see cref="Activation.Linear"/>) module k + 1, so
/// 2-4-1 tanh/sigmoid is <c>0.weight</c> [4, 2], <c>0.bias</c> [4], <c>2.weight</c> [1, 4], <c>2.bias</c> [1].
/// Pooling and dropout take a module each, and so does the <c>nn.Flatten</c> before a dense layer that reads an
/// image; a convolution's weight is [filters, input channels, kernel height, kernel width] (<c>nn.Conv2d</c>).
/// <see cref="Load{T}(string, INetwork{T}, IReadOnlyDictionary{string, string}?)"/> also reads files named otherwise,
/// by order and shape, or through an explicit map of names. Loading checks everything before it touches the network.
/// </summary>
public static class SafeTensors
{
    /// <summary>
    /// Loads the weights and biases in the safetensors file at <paramref name="path"/> into <paramref name="network"/>.
    /// <para>
    /// Which tensor is which: with <paramref name="names"/> (this network's default name, such as <c>0.weight</c>,
    /// → the name in the file; a default name not in the map keeps its own), the named tensors are read and any others
    /// are ignored. Without it, a file holding exactly the default names is read by name; any other file is read by
    /// order and shape: its tensors must all be named <c>prefix.weight</c> or <c>prefix.bias</c>, the prefixes (such as
    /// <c>fc1</c>, <c>fc2</c> or <c>model.layers.0</c>) are put in natural order (numbers compared as numbers, so
    /// <c>layers.2</c> comes before <c>layers.10</c>), and the l-th prefix's weight and bias must fit the l-th layer
    /// with parameters (a dense layer's weight [outputs, inputs], a convolution's [filters, input channels, kernel
    /// height, kernel width], and the bias [outputs] or [filters]).
    /// </para>
    /// <para>
    /// F32, F64, F16 and BF16 tensors are converted to the network's precision (rounding to nearest only for F64 into a
    /// float network; every other conversion is exact). Non-finite values are loaded as they are.
    /// </para>
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="network">The network to load into; unchanged when loading fails.</param>
    /// <param name="names">An optional map from this network's default tensor names to the file's.</param>
    /// <exception cref="SafeTensorsException">
    /// <paramref name="path"/> is a directory, the file is not a well-formed safetensors file, a tensor has a dtype other
    /// than F32, F64, F16 or BF16, or the tensors do not fit the network (the message lists the expected and the found
    /// tensors with their dtypes and shapes); the network is unchanged.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="names"/> maps a name this network does not have.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static void Load<T>(string path, INetwork<T> network, IReadOnlyDictionary<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        if (Directory.Exists(path))
        {
            throw new SafeTensorsException(WeightFile.Format("'{0}' is a directory, not a safetensors file.", path));
        }

        LoadCore(File.ReadAllBytes(path), network, names, path);
    }

    /// <summary>
    /// Loads a safetensors file from <paramref name="stream"/>, read from its current position to its end, into
    /// <paramref name="network"/>, as <see cref="Load{T}(string, INetwork{T}, IReadOnlyDictionary{string, string}?)"/>
    /// does. The stream is not closed.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="network">The network to load into; unchanged when loading fails.</param>
    /// <param name="names">An optional map from this network's default tensor names to the file's.</param>
    /// <exception cref="SafeTensorsException">The data is not a safetensors file that fits the network; the network is unchanged.</exception>
    /// <exception cref="ArgumentException"><paramref name="names"/> maps a name this network does not have.</exception>
    public static void Load<T>(Stream stream, INetwork<T> network, IReadOnlyDictionary<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        LoadCore(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), network, names, source: null);
    }

    /// <summary>
    /// Loads the safetensors file held in <paramref name="bytes"/> into <paramref name="network"/>, as
    /// <see cref="Load{T}(string, INetwork{T}, IReadOnlyDictionary{string, string}?)"/> does.
    /// </summary>
    /// <param name="bytes">A whole safetensors file.</param>
    /// <param name="network">The network to load into; unchanged when loading fails.</param>
    /// <param name="names">An optional map from this network's default tensor names to the file's.</param>
    /// <exception cref="SafeTensorsException">The bytes are not a safetensors file that fits the network; the network is unchanged.</exception>
    /// <exception cref="ArgumentException"><paramref name="names"/> maps a name this network does not have.</exception>
    public static void Load<T>(ReadOnlySpan<byte> bytes, INetwork<T> network, IReadOnlyDictionary<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        LoadCore(bytes, network, names, source: null);
    }

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters to <paramref name="path"/> as safetensors (see
    /// <see cref="ToBytes{T}"/>), replacing the file atomically: the bytes go to a temporary file beside it, which is
    /// then renamed over it.
    /// </summary>
    /// <exception cref="WeightFileException">
    /// <paramref name="path"/> is a directory, or the file could not be written; the message names
    /// <paramref name="path"/>, <see cref="Exception.InnerException"/> is the system's error, and any file already at
    /// <paramref name="path"/> is unchanged.
    /// </exception>
    public static void Save<T>(string path, INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        WeightFile.WriteAtomically(path, ToBytes(network));
    }

    /// <summary>Writes <paramref name="network"/>'s parameters to <paramref name="stream"/> as safetensors (see <see cref="ToBytes{T}"/>); the stream is not closed.</summary>
    public static void Save<T>(Stream stream, INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        stream.Write(ToBytes(network));
    }

    /// <summary>
    /// The bytes of a safetensors file holding <paramref name="network"/>'s parameters under the default names, F32 for
    /// a float network and F64 for a double one, laid out as the official <c>safetensors.torch.save_file</c> lays out
    /// a state_dict: the tensors sorted by name, the compact JSON header without <c>__metadata__</c>, padded with spaces
    /// to a multiple of 8 bytes. For a network of the same weights, the bytes equal those of <c>save_file</c> on the
    /// <c>nn.Sequential</c>'s <c>state_dict()</c>.
    /// </summary>
    public static byte[] ToBytes<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        SafeTensorsLayer[] layers = LayersOf(network.Architecture);
        string[] names = SafeTensorsLayout.DefaultNames(layers);
        ReadOnlySpan<T> parameters = network.Parameters;
        int size = WeightFile.ScalarSize<T>();
        string dtype = size == 8 ? "F64" : "F32";

        // Each tensor: its name, shape and place in the flat parameters.
        var tensors = new List<(string Name, long[] Shape, int Start, int Count)>();
        int at = 0;
        int named = 0;
        foreach (SafeTensorsLayer layer in layers)
        {
            if (!layer.HasParameters)
            {
                continue;
            }

            long[] weightShape = layer.WeightShape();
            int weights = checked((int)ElementCount(weightShape));
            tensors.Add((names[named++], weightShape, at, weights));
            at += weights;
            tensors.Add((names[named++], layer.BiasShape(), at, layer.Outputs));
            at += layer.Outputs;
        }

        if (at != parameters.Length)
        {
            throw new ArgumentException(
                WeightFile.Format("The network has {0} parameters, but its architecture describes {1}.", parameters.Length, at), nameof(network));
        }

        // save_file sorts by descending dtype alignment, then by name (bytewise); one dtype here, so by name.
        tensors.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var json = new StringBuilder("{");
        long offset = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            long end = offset + ((long)tensors[i].Count * size);
            json.Append(i == 0 ? "\"" : ",\"").Append(tensors[i].Name).Append("\":{\"dtype\":\"").Append(dtype)
                .Append("\",\"shape\":").Append(SafeTensorsHeader.FormatShape(tensors[i].Shape).Replace(" ", string.Empty, StringComparison.Ordinal))
                .Append(",\"data_offsets\":[").Append(offset).Append(',').Append(end).Append("]}");
            offset = end;
        }

        json.Append('}');
        while (json.Length % 8 != 0)
        {
            json.Append(' ');
        }

        byte[] header = Encoding.UTF8.GetBytes(json.ToString());
        var bytes = new byte[8 + header.Length + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        int position = 8 + header.Length;
        foreach (var tensor in tensors)
        {
            foreach (T value in parameters.Slice(tensor.Start, tensor.Count))
            {
                if (size == 8)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(position), double.CreateTruncating(value));
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(position), float.CreateTruncating(value));
                }

                position += size;
            }
        }

        return bytes;
    }

    /// <summary>The layers as the shared matching code sees them.</summary>
    internal static SafeTensorsLayer[] LayersOf(NetworkArchitecture architecture)
    {
        var layers = new SafeTensorsLayerList(inputIsImage: architecture.InputShape is not null);
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            TensorShape input = architecture.InputShapeOf(l);
            switch (architecture.Layers[l])
            {
                case DenseLayerInfo dense:
                    layers.AddDense(input.Size, dense.Size, dense.Activation != Activation.Linear);
                    break;
                case Conv2DLayerInfo conv:
                    layers.AddConv2D(input.Channels, conv.Filters, conv.KernelHeight, conv.KernelWidth, conv.Activation != Activation.Linear);
                    break;
                case Pool2DLayerInfo:
                    layers.AddPooling();
                    break;
                case DropoutLayerInfo:
                    layers.AddDropout();
                    break;
                default:
                    throw new NotSupportedException(WeightFile.Format("Layer {0} is a {1}, which safetensors files do not describe.", l + 1, architecture.Layers[l].GetType().Name));
            }
        }

        return layers.ToArray();
    }

    private static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (long extent in shape)
        {
            count *= extent;
        }

        return count;
    }

    private static void LoadCore<T>(ReadOnlySpan<byte> file, INetwork<T> network, IReadOnlyDictionary<string, string>? names, string? source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorsHeader header;
        SafeTensorsBinding binding;
        try
        {
            // The shared strict parser, not Utf8JsonReader: the generator runs the same code on the same file, so a
            // file baked at build time and loaded at run time gets one verdict.
            header = SafeTensorsHeader.Parse(file);
            binding = SafeTensorsLayout.Bind(header, LayersOf(network.Architecture), names);
        }
        catch (SafeTensorsFormatError error) when (error.IsInvalidNameMap)
        {
            throw new ArgumentException(error.Message, nameof(names));
        }
        catch (SafeTensorsFormatError error)
        {
            throw new SafeTensorsException(source is null ? error.Message : WeightFile.Format("Cannot load '{0}': {1}", source, error.Message));
        }

        var values = new T[network.Parameters.Length];
        int at = 0;
        for (int l = 0; l < binding.Weights.Length; l++)
        {
            foreach (SafeTensorInfo tensor in new[] { binding.Weights[l], binding.Biases[l] })
            {
                int count = (int)tensor.ElementCount;
                if (at + count > values.Length)
                {
                    throw new ArgumentException(
                        WeightFile.Format("The network has {0} parameters, fewer than its architecture describes.", values.Length), nameof(network));
                }

                ReadOnlySpan<byte> data = file.Slice((int)(header.DataStart + tensor.Begin), (int)(tensor.End - tensor.Begin));
                Convert(data, tensor.DType, values.AsSpan(at, count));
                at += count;
            }
        }

        // Every check has passed: only now is the network touched.
        values.CopyTo(network.Parameters);
    }

    /// <summary>Converts little-endian elements of a loadable dtype into <typeparamref name="T"/>.</summary>
    internal static void Convert<T>(ReadOnlySpan<byte> data, string dtype, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = dtype switch
            {
                "F32" => T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(data.Slice(4 * i))),
                "F64" => T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(8 * i))),
                "F16" => FromHalf<T>(BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(2 * i)))),

                // bfloat16 is the upper half of a float's bits.
                "BF16" => T.CreateTruncating(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(2 * i)) << 16)),
                _ => throw new ArgumentException("Not a loadable dtype: " + dtype, nameof(dtype)),
            };
        }
    }

    private static T FromHalf<T>(Half value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? T.CreateTruncating((double)value) : T.CreateTruncating((float)value);
}
