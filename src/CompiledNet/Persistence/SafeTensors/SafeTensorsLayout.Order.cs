// SHARED WITH THE GENERATOR: a part of SafeTensorsLayout (see SafeTensorsLayout.cs), compiled into the runtime and
// into the source generator (netstandard2.0, C# 12, System.Memory only).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

/// <summary>Matching by order and shape, and the natural order of names it sorts by.</summary>
internal static partial class SafeTensorsLayout
{
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

        int[] owners = ParameterisedLayers(layers);
        if (prefixes.Count != owners.Length)
        {
            // A dense network's layers all have weights; a convolutional one's pooling and dropout have none.
            string counted = owners.Length == layers.Count ? "layers" : "layers with weights and biases";
            throw Mismatch(
                header,
                layers,
                defaults,
                d => d,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "matching by order and shape, the file holds {0} weight/bias pairs ({1}), but the network has {2} {3}.",
                    prefixes.Count,
                    string.Join(", ", prefixes.Select(p => p.Length == 0 ? "weight/bias" : p + ".*")),
                    owners.Length,
                    counted));
        }

        var weights = new SafeTensorInfo[owners.Length];
        var biases = new SafeTensorInfo[owners.Length];
        for (int l = 0; l < owners.Length; l++)
        {
            SafeTensorsLayer layer = layers[owners[l]];
            SafeTensorInfo weight = groups[prefixes[l]][0]!;
            SafeTensorInfo bias = groups[prefixes[l]][1]!;
            long[] weightShape = layer.WeightShape();
            long[] biasShape = layer.BiasShape();
            if (!SameShape(weight.Shape, weightShape) || !SameShape(bias.Shape, biasShape))
            {
                throw Mismatch(
                    header,
                    layers,
                    defaults,
                    d => d,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "matching by order and shape, pair {0} is {1} {2} and {3} {4}, but layer {5} ({6}) needs {7} and {8}.",
                        l + 1,
                        SafeTensorsHeader.Quote(weight.Name),
                        SafeTensorsHeader.FormatShape(weight.Shape),
                        SafeTensorsHeader.Quote(bias.Name),
                        SafeTensorsHeader.FormatShape(bias.Shape),
                        owners[l] + 1,
                        layer.Describe(),
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
}
