// SHARED WITH THE GENERATOR: compiled into the runtime (net8.0) and into the source generator (netstandard2.0,
// C# 12, System.Memory only), like SafeTensorsHeader.cs beside it; see the note there. It decides which tensors of a
// safetensors file are which layer's weights and biases, and decodes their values, so a file baked at build time binds
// exactly as SafeTensors.Load binds it at run time.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

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

    /// <summary>
    /// The weight tensor of each layer with parameters, in order: [outputs, inputs] for a dense layer, [filters,
    /// input channels, kernel height, kernel width] for a convolution.
    /// </summary>
    public SafeTensorInfo[] Weights { get; }

    /// <summary>The bias tensor of each layer with parameters, in order, of shape [outputs] or [filters].</summary>
    public SafeTensorInfo[] Biases { get; }
}

/// <summary>
/// Matches the tensors of a safetensors file to a network's layers and reads their values in the flat parameter layout
/// (per layer with parameters the weight row-major, then the bias: PyTorch's <c>nn.Linear</c>, weight [outputs,
/// inputs], and <c>nn.Conv2d</c>, weight [filters, input channels, kernel height, kernel width]; pooling and dropout
/// hold none).
/// <para>
/// Entry points: <see cref="Bind"/> (header + layers + optional map → binding, or <see cref="SafeTensorsFormatError"/>)
/// and <see cref="ReadParameters"/> (file + binding → values as doubles); <see cref="Read"/> does both after
/// <see cref="SafeTensorsHeader.Parse"/>.
/// </para>
/// </summary>
internal static partial class SafeTensorsLayout
{
    private const string WeightSuffix = "weight";
    private const string BiasSuffix = "bias";

    /// <summary>
    /// The names PyTorch's state_dict gives an <c>nn.Sequential</c> of the network's modules, numbered in order: each
    /// Linear or Conv2d, each activation module after one (none for Linear, the identity; Softmax counts), each
    /// pooling and dropout module, and the nn.Flatten before a dense layer that reads an image. So 2-4-1
    /// tanh/sigmoid gives 0.weight, 0.bias, 2.weight, 2.bias, and Conv2d, ReLU, MaxPool2d, Flatten, Linear gives
    /// 0.weight, 0.bias, 4.weight, 4.bias. In parameter order: per layer with parameters the weight, then the bias.
    /// </summary>
    public static string[] DefaultNames(IReadOnlyList<SafeTensorsLayer> layers)
    {
        var names = new List<string>(2 * layers.Count);
        int module = 0;
        foreach (SafeTensorsLayer layer in layers)
        {
            if (layer.HasParameters)
            {
                string prefix = (module + (layer.FlattensBefore ? 1 : 0)).ToString(CultureInfo.InvariantCulture) + ".";
                names.Add(prefix + WeightSuffix);
                names.Add(prefix + BiasSuffix);
            }

            module += layer.ModuleCount;
        }

        return names.ToArray();
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
    /// layers.10), and group l must hold the weight and bias of the l-th layer with parameters. Finally every
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

        for (int l = 0; l < binding.Weights.Length; l++)
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

    private static SafeTensorsBinding BindByName(
        SafeTensorsHeader header,
        IReadOnlyList<SafeTensorsLayer> layers,
        string[] defaults,
        Dictionary<string, SafeTensorInfo> byName,
        SafeTensorsMatch match,
        Func<string, string> fileName)
    {
        int[] owners = ParameterisedLayers(layers);
        var weights = new SafeTensorInfo[owners.Length];
        var biases = new SafeTensorInfo[owners.Length];
        for (int l = 0; l < owners.Length; l++)
        {
            SafeTensorsLayer layer = layers[owners[l]];
            for (int k = 0; k < 2; k++)
            {
                string expected = fileName(defaults[(2 * l) + k]);
                if (!byName.TryGetValue(expected, out SafeTensorInfo? tensor))
                {
                    throw Mismatch(header, layers, defaults, fileName, "there is no tensor " + SafeTensorsHeader.Quote(expected) + ".");
                }

                long[] shape = k == 0 ? layer.WeightShape() : layer.BiasShape();
                if (!SameShape(tensor.Shape, shape))
                {
                    throw Mismatch(
                        header,
                        layers,
                        defaults,
                        fileName,
                        string.Format(
                            CultureInfo.InvariantCulture,
                            "tensor {0} has the shape {1}, but layer {2} ({3}) needs its {4} as {5}.",
                            SafeTensorsHeader.Quote(expected),
                            SafeTensorsHeader.FormatShape(tensor.Shape),
                            owners[l] + 1,
                            layer.Describe(),
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

    /// <summary>The indices of the layers that hold a weight and a bias, in order.</summary>
    private static int[] ParameterisedLayers(IReadOnlyList<SafeTensorsLayer> layers)
    {
        var owners = new List<int>(layers.Count);
        for (int l = 0; l < layers.Count; l++)
        {
            if (layers[l].HasParameters)
            {
                owners.Add(l);
            }
        }

        return owners.ToArray();
    }

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
        int[] owners = ParameterisedLayers(layers);
        for (int l = 0; l < owners.Length; l++)
        {
            SafeTensorsLayer layer = layers[owners[l]];
            text.Append(l == 0 ? string.Empty : ", ")
                .Append(SafeTensorsHeader.Quote(fileName(defaults[2 * l]))).Append(' ').Append(SafeTensorsHeader.FormatShape(layer.WeightShape()))
                .Append(", ")
                .Append(SafeTensorsHeader.Quote(fileName(defaults[(2 * l) + 1]))).Append(' ').Append(SafeTensorsHeader.FormatShape(layer.BiasShape()));
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
