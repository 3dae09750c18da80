// SHARED WITH THE GENERATOR: compiled into the runtime (net8.0) and into the source generator (netstandard2.0,
// C# 12, System.Memory only), like SafeTensorsHeader.cs beside it; see the note there. It decides which tensors of a
// safetensors file are which layer's weights and biases, and decodes their values, so a file baked at build time binds
// exactly as SafeTensors.Load binds it at run time.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

/// <summary>One dense layer as the matching sees it.</summary>
internal readonly struct SafeTensorsLayer
{
    public SafeTensorsLayer(int inputs, int outputs, bool hasActivationModule)
    {
        Inputs = inputs;
        Outputs = outputs;
        HasActivationModule = hasActivationModule;
    }

    /// <summary>The layer's fan-in: the network's input size for the first layer, the previous layer's size after.</summary>
    public int Inputs { get; }

    /// <summary>The number of neurons.</summary>
    public int Outputs { get; }

    /// <summary>
    /// Whether an <c>nn.Sequential</c> of the network holds an activation module after this layer's Linear: true for
    /// every activation but Linear (the identity), Softmax included.
    /// </summary>
    public bool HasActivationModule { get; }
}

/// <summary>How the tensors were matched to the layers.</summary>
internal enum SafeTensorsMatch
{
    /// <summary>The file holds exactly the default names (those of an <c>nn.Sequential</c>'s state_dict).</summary>
    DefaultNames,

    /// <summary>The file's weight/bias pairs, in natural order of their prefixes, fit the layers in order.</summary>
    OrderAndShape,

    /// <summary>The caller's map from default names to the file's names.</summary>
    ExplicitMap,
}

/// <summary>Each layer's weight and bias tensor, found and checked against the layer's shape.</summary>
internal sealed class SafeTensorsBinding
{
    public SafeTensorsBinding(SafeTensorsMatch match, SafeTensorInfo[] weights, SafeTensorInfo[] biases)
    {
        Match = match;
        Weights = weights;
        Biases = biases;
    }

    /// <summary>Which rule matched.</summary>
    public SafeTensorsMatch Match { get; }

    /// <summary>Layer l's weight tensor, of shape [outputs, inputs].</summary>
    public SafeTensorInfo[] Weights { get; }

    /// <summary>Layer l's bias tensor, of shape [outputs].</summary>
    public SafeTensorInfo[] Biases { get; }
}

/// <summary>
/// Matches the tensors of a safetensors file to a network's dense layers and reads their values in the flat parameter
/// layout (per layer the weight [outputs, inputs] row-major, then the bias [outputs]: PyTorch's <c>nn.Linear</c>).
/// <para>
/// Entry points: <see cref="Bind"/> (header + layers + optional map → binding, or <see cref="SafeTensorsFormatError"/>)
/// and <see cref="ReadParameters"/> (file + binding → values as doubles); <see cref="Read"/> does both after
/// <see cref="SafeTensorsHeader.Parse"/>.
/// </para>
/// </summary>
internal static class SafeTensorsLayout
{
    private const string WeightSuffix = "weight";
    private const string BiasSuffix = "bias";

    /// <summary>
    /// The names PyTorch's state_dict gives an <c>nn.Sequential</c> of Linear and activation modules: the Linear of
    /// layer l is module k and its activation, if any, module k + 1, so 2-4-1 tanh/sigmoid gives 0.weight, 0.bias,
    /// 2.weight, 2.bias. In parameter order: per layer the weight, then the bias.
    /// </summary>
    public static string[] DefaultNames(IReadOnlyList<SafeTensorsLayer> layers)
    {
        var names = new string[2 * layers.Count];
        int module = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            string prefix = module.ToString(CultureInfo.InvariantCulture) + ".";
            names[2 * l] = prefix + WeightSuffix;
            names[(2 * l) + 1] = prefix + BiasSuffix;
            module += layers[l].HasActivationModule ? 2 : 1;
        }

        return names;
    }

    /// <summary>
    /// Parses <paramref name="file"/>, binds its tensors to <paramref name="layers"/> and reads their values: the
    /// generator's one call. The values are exact for F32, F16 and BF16 (each converts to double without rounding).
    /// </summary>
    /// <exception cref="SafeTensorsFormatError">The file is malformed or does not fit the layers.</exception>
    public static double[] Read(ReadOnlySpan<byte> file, IReadOnlyList<SafeTensorsLayer> layers, IReadOnlyDictionary<string, string>? names)
    {
        SafeTensorsHeader header = SafeTensorsHeader.Parse(file);
        SafeTensorsBinding binding = Bind(header, layers, names);
        return ReadParameters(file, header, binding);
    }

    /// <summary>
    /// Finds each layer's weight and bias. With <paramref name="names"/> (default name → file name; a default name it
    /// does not map keeps its own name), the named tensors are used and others in the file are ignored. Without it,
    /// a file holding exactly the default names is read by name; any other file is read by order and shape: its
    /// tensors, all named <c>prefix.weight</c> or <c>prefix.bias</c> (or just <c>weight</c> and <c>bias</c>), are
    /// grouped by prefix, the groups put in natural order (numbers compared as numbers, so layers.2 comes before
    /// layers.10), and group l must hold the weight [outputs, inputs] and bias [outputs] of layer l. Finally every
    /// bound tensor must have a loadable dtype (F32, F64, F16, BF16).
    /// </summary>
    /// <exception cref="SafeTensorsFormatError">
    /// The tensors do not fit; the message lists the expected tensors and the found ones. Its
    /// <see cref="SafeTensorsFormatError.IsInvalidNameMap"/> is set when <paramref name="names"/> maps a name the network
    /// does not have.
    /// </exception>
    public static SafeTensorsBinding Bind(SafeTensorsHeader header, IReadOnlyList<SafeTensorsLayer> layers, IReadOnlyDictionary<string, string>? names)
    {
        string[] defaults = DefaultNames(layers);
        var byName = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        foreach (SafeTensorInfo tensor in header.Tensors)
        {
            byName[tensor.Name] = tensor;
        }

        SafeTensorsBinding binding;
        if (names is not null)
        {
            foreach (string key in names.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                if (Array.IndexOf(defaults, key) < 0)
                {
                    throw new SafeTensorsFormatError(
                        "The name map maps " + SafeTensorsHeader.Quote(key) + ", which is not one of this network's tensors: " + string.Join(", ", defaults) + ".",
                        isInvalidNameMap: true);
                }
            }

            binding = BindByName(header, layers, defaults, byName, SafeTensorsMatch.ExplicitMap, d => names.TryGetValue(d, out string? mapped) ? mapped : d);
        }
        else if (header.Tensors.Count == defaults.Length && defaults.All(byName.ContainsKey))
        {
            binding = BindByName(header, layers, defaults, byName, SafeTensorsMatch.DefaultNames, d => d);
        }
        else
        {
            binding = BindByOrder(header, layers, defaults);
        }

        for (int l = 0; l < layers.Count; l++)
        {
            foreach (SafeTensorInfo tensor in new[] { binding.Weights[l], binding.Biases[l] })
            {
                if (!SafeTensorsHeader.IsLoadable(tensor.DType))
                {
                    throw SafeTensorsHeader.Error(
                        "Tensor {0} has the dtype {1}, which CompiledNet does not load: it converts F32, F64, F16 and BF16 into the network's precision.",
                        SafeTensorsHeader.Quote(tensor.Name),
                        tensor.DType);
                }
            }
        }

        return binding;
    }

    /// <summary>
    /// The bound tensors' values in parameter order, as doubles: per layer the weight row-major, then the bias.
    /// F16 and BF16 are decoded bit by bit here (netstandard2.0 has no <c>Half</c>), exactly.
    /// </summary>
    public static double[] ReadParameters(ReadOnlySpan<byte> file, SafeTensorsHeader header, SafeTensorsBinding binding)
    {
        long count = 0;
        for (int l = 0; l < binding.Weights.Length; l++)
        {
            count += binding.Weights[l].ElementCount + binding.Biases[l].ElementCount;
        }

        var values = new double[count];
        int at = 0;
        for (int l = 0; l < binding.Weights.Length; l++)
        {
            foreach (SafeTensorInfo tensor in new[] { binding.Weights[l], binding.Biases[l] })
            {
                ReadOnlySpan<byte> data = file.Slice((int)(header.DataStart + tensor.Begin), (int)(tensor.End - tensor.Begin));
                int size = SafeTensorsHeader.DTypeBits(tensor.DType) / 8;
                for (int i = 0; i < data.Length / size; i++)
                {
                    values[at++] = ToDouble(data.Slice(i * size, size), tensor.DType);
                }
            }
        }

        return values;
    }

    /// <summary>One little-endian element of a loadable dtype, as a double; exact for every one of them.</summary>
    public static double ToDouble(ReadOnlySpan<byte> element, string dtype)
    {
        switch (dtype)
        {
            case "F64":
                return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(element));
            case "F32":
                return FloatBitsToDouble(BinaryPrimitives.ReadUInt32LittleEndian(element));
            case "BF16":
                return FloatBitsToDouble((uint)BinaryPrimitives.ReadUInt16LittleEndian(element) << 16);
            case "F16":
                return HalfBitsToDouble(BinaryPrimitives.ReadUInt16LittleEndian(element));
            default:
                throw new ArgumentException("Not a loadable dtype: " + dtype, nameof(dtype));
        }
    }

    /// <summary>
    /// Compares names so that their digit runs compare as numbers: "layers.2" &lt; "layers.10". Ties (such as "01"
    /// and "1") fall back to ordinal order, so the order is total.
    /// </summary>
    public static int CompareNatural(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (IsDigit(a[i]) && IsDigit(b[j]))
            {
                int startA = i;
                int startB = j;
                while (i < a.Length && IsDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && IsDigit(b[j]))
                {
                    j++;
                }

                // Compare the runs as numbers of any length: without leading zeros, the longer is larger.
                int significantA = startA;
                while (significantA < i - 1 && a[significantA] == '0')
                {
                    significantA++;
                }

                int significantB = startB;
                while (significantB < j - 1 && b[significantB] == '0')
                {
                    significantB++;
                }

                int lengthA = i - significantA;
                int lengthB = j - significantB;
                if (lengthA != lengthB)
                {
                    return lengthA < lengthB ? -1 : 1;
                }

                int digits = string.CompareOrdinal(a, significantA, b, significantB, lengthA);
                if (digits != 0)
                {
                    return digits < 0 ? -1 : 1;
                }
            }
            else
            {
                if (a[i] != b[j])
                {
                    return a[i] < b[j] ? -1 : 1;
                }

                i++;
                j++;
            }
        }

        if (i < a.Length || j < b.Length)
        {
            return i < a.Length ? 1 : -1;
        }

        int ordinal = string.CompareOrdinal(a, b);
        return ordinal < 0 ? -1 : ordinal > 0 ? 1 : 0;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static double FloatBitsToDouble(uint bits)
    {
        // Decoded field by field rather than reinterpreted: netstandard2.0 has no BitConverter.Int32BitsToSingle.
        bool negative = (bits >> 31) != 0;
        int exponent = (int)((bits >> 23) & 0xFF);
        uint mantissa = bits & 0x7FFFFF;
        double value;
        if (exponent == 0xFF)
        {
            if (mantissa == 0)
            {
                value = double.PositiveInfinity;
            }
            else
            {
                // A NaN keeps its sign and payload: the float's 23 mantissa bits become the top of the double's 52.
                return BitConverter.Int64BitsToDouble((negative ? long.MinValue : 0L) | (0x7FFL << 52) | ((long)mantissa << 29));
            }
        }
        else if (exponent == 0)
        {
            value = mantissa * Pow2(-149);
        }
        else
        {
            value = (mantissa | 0x800000) * Pow2(exponent - 150);
        }

        return negative ? -value : value;
    }

    // 2^e for a normal double exponent, built from its bits: exact, where Math.Pow need not be.
    private static double Pow2(int e) => BitConverter.Int64BitsToDouble((long)(e + 1023) << 52);

    private static double HalfBitsToDouble(ushort bits)
    {
        bool negative = (bits >> 15) != 0;
        int exponent = (bits >> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        double value;
        if (exponent == 0x1F)
        {
            if (mantissa != 0)
            {
                return BitConverter.Int64BitsToDouble((negative ? long.MinValue : 0L) | (0x7FFL << 52) | ((long)mantissa << 42));
            }

            value = double.PositiveInfinity;
        }
        else if (exponent == 0)
        {
            value = mantissa * Pow2(-24);
        }
        else
        {
            value = (mantissa | 0x400) * Pow2(exponent - 25);
        }

        return negative ? -value : value;
    }

    private static SafeTensorsBinding BindByName(
        SafeTensorsHeader header,
        IReadOnlyList<SafeTensorsLayer> layers,
        string[] defaults,
        Dictionary<string, SafeTensorInfo> byName,
        SafeTensorsMatch match,
        Func<string, string> fileName)
    {
        var weights = new SafeTensorInfo[layers.Count];
        var biases = new SafeTensorInfo[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            for (int k = 0; k < 2; k++)
            {
                string expected = fileName(defaults[(2 * l) + k]);
                if (!byName.TryGetValue(expected, out SafeTensorInfo? tensor))
                {
                    throw Mismatch(header, layers, defaults, fileName, "there is no tensor " + SafeTensorsHeader.Quote(expected) + ".");
                }

                long[] shape = k == 0 ? WeightShape(layers[l]) : BiasShape(layers[l]);
                if (!SameShape(tensor.Shape, shape))
                {
                    throw Mismatch(
                        header,
                        layers,
                        defaults,
                        fileName,
                        string.Format(
                            CultureInfo.InvariantCulture,
                            "tensor {0} has the shape {1}, but layer {2} ({3} → {4}) needs its {5} as {6}.",
                            SafeTensorsHeader.Quote(expected),
                            SafeTensorsHeader.FormatShape(tensor.Shape),
                            l + 1,
                            layers[l].Inputs,
                            layers[l].Outputs,
                            k == 0 ? WeightSuffix : BiasSuffix,
                            SafeTensorsHeader.FormatShape(shape)));
                }

                if (k == 0)
                {
                    weights[l] = tensor;
                }
                else
                {
                    biases[l] = tensor;
                }
            }
        }

        return new SafeTensorsBinding(match, weights, biases);
    }

    private static SafeTensorsBinding BindByOrder(SafeTensorsHeader header, IReadOnlyList<SafeTensorsLayer> layers, string[] defaults)
    {
        var groups = new Dictionary<string, SafeTensorInfo?[]>(StringComparer.Ordinal);
        foreach (SafeTensorInfo tensor in header.Tensors)
        {
            int kind;
            string prefix;
            if (EndsWithPart(tensor.Name, WeightSuffix, out prefix))
            {
                kind = 0;
            }
            else if (EndsWithPart(tensor.Name, BiasSuffix, out prefix))
            {
                kind = 1;
            }
            else
            {
                throw Mismatch(
                    header,
                    layers,
                    defaults,
                    d => d,
                    "tensor " + SafeTensorsHeader.Quote(tensor.Name) + " is neither a weight nor a bias (its name does not end in .weight or .bias), so the tensors cannot be matched by order and shape.");
            }

            if (!groups.TryGetValue(prefix, out SafeTensorInfo?[]? pair))
            {
                pair = new SafeTensorInfo?[2];
                groups.Add(prefix, pair);
            }

            pair[kind] = tensor;
        }

        List<string> prefixes = groups.Keys.ToList();
        prefixes.Sort(CompareNatural);
        foreach (string prefix in prefixes)
        {
            SafeTensorInfo?[] pair = groups[prefix];
            if (pair[0] is null || pair[1] is null)
            {
                string present = (pair[0] ?? pair[1])!.Name;
                string absent = Join(prefix, pair[0] is null ? WeightSuffix : BiasSuffix);
                throw Mismatch(header, layers, defaults, d => d, "matching by order and shape, tensor " + SafeTensorsHeader.Quote(present) + " has no " + SafeTensorsHeader.Quote(absent) + " beside it.");
            }
        }

        if (prefixes.Count != layers.Count)
        {
            throw Mismatch(
                header,
                layers,
                defaults,
                d => d,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "matching by order and shape, the file holds {0} weight/bias pairs ({1}), but the network has {2} layers.",
                    prefixes.Count,
                    string.Join(", ", prefixes.Select(p => p.Length == 0 ? "weight/bias" : p + ".*")),
                    layers.Count));
        }

        var weights = new SafeTensorInfo[layers.Count];
        var biases = new SafeTensorInfo[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            SafeTensorInfo weight = groups[prefixes[l]][0]!;
            SafeTensorInfo bias = groups[prefixes[l]][1]!;
            long[] weightShape = WeightShape(layers[l]);
            long[] biasShape = BiasShape(layers[l]);
            if (!SameShape(weight.Shape, weightShape) || !SameShape(bias.Shape, biasShape))
            {
                throw Mismatch(
                    header,
                    layers,
                    defaults,
                    d => d,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "matching by order and shape, pair {0} is {1} {2} and {3} {4}, but layer {0} ({5} → {6}) needs {7} and {8}.",
                        l + 1,
                        SafeTensorsHeader.Quote(weight.Name),
                        SafeTensorsHeader.FormatShape(weight.Shape),
                        SafeTensorsHeader.Quote(bias.Name),
                        SafeTensorsHeader.FormatShape(bias.Shape),
                        layers[l].Inputs,
                        layers[l].Outputs,
                        SafeTensorsHeader.FormatShape(weightShape),
                        SafeTensorsHeader.FormatShape(biasShape)));
            }

            weights[l] = weight;
            biases[l] = bias;
        }

        return new SafeTensorsBinding(SafeTensorsMatch.OrderAndShape, weights, biases);
    }

    // "fc1.weight" → "fc1"; "weight" → "" (a lone nn.Linear's state_dict).
    private static bool EndsWithPart(string name, string suffix, out string prefix)
    {
        if (name == suffix)
        {
            prefix = string.Empty;
            return true;
        }

        if (name.Length > suffix.Length + 1 && name.EndsWith("." + suffix, StringComparison.Ordinal))
        {
            prefix = name.Substring(0, name.Length - suffix.Length - 1);
            return true;
        }

        prefix = string.Empty;
        return false;
    }

    private static string Join(string prefix, string suffix) => prefix.Length == 0 ? suffix : prefix + "." + suffix;

    private static long[] WeightShape(SafeTensorsLayer layer) => new long[] { layer.Outputs, layer.Inputs };

    private static long[] BiasShape(SafeTensorsLayer layer) => new long[] { layer.Outputs };

    private static bool SameShape(long[] found, long[] expected)
    {
        if (found.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static SafeTensorsFormatError Mismatch(
        SafeTensorsHeader header, IReadOnlyList<SafeTensorsLayer> layers, string[] defaults, Func<string, string> fileName, string reason)
    {
        var text = new StringBuilder("The safetensors file does not fit the network: ").Append(reason);
        text.Append(" Expected (F32, F64, F16 or BF16): ");
        for (int l = 0; l < layers.Count; l++)
        {
            text.Append(l == 0 ? string.Empty : ", ")
                .Append(SafeTensorsHeader.Quote(fileName(defaults[2 * l]))).Append(' ').Append(SafeTensorsHeader.FormatShape(WeightShape(layers[l])))
                .Append(", ")
                .Append(SafeTensorsHeader.Quote(fileName(defaults[(2 * l) + 1]))).Append(' ').Append(SafeTensorsHeader.FormatShape(BiasShape(layers[l])));
        }

        text.Append(". Found: ");
        if (header.Tensors.Count == 0)
        {
            text.Append("no tensors");
        }

        for (int i = 0; i < header.Tensors.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(header.Tensors[i]);
        }

        return new SafeTensorsFormatError(text.Append('.').ToString());
    }
}
