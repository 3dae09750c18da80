using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CompiledNet;

/// <summary>One dense layer as declared: its size, activation, and the activation's parameter where it has one.</summary>
/// <param name="Size">The number of neurons.</param>
/// <param name="Activation">The activation.</param>
/// <param name="NegativeSlope">The LeakyReLU slope; ignored by other activations.</param>
/// <param name="Alpha">The ELU α; ignored by other activations.</param>
public readonly record struct DenseLayerInfo(int Size, Activation Activation, float NegativeSlope = 0.01f, float Alpha = 1f);

/// <summary>
/// What a generated network was declared as. Two networks whose <see cref="Description"/> (and so
/// <see cref="Fingerprint"/>) are equal compute the same function of the same parameter layout.
/// </summary>
public sealed class NetworkArchitecture : IEquatable<NetworkArchitecture>
{
    /// <summary>Describes a network; the generated code calls this once per network type.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public NetworkArchitecture(Precision precision, int inputSize, Loss loss, params DenseLayerInfo[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputSize <= 0 || layers.Length == 0 || layers.Any(l => l.Size <= 0))
        {
            throw new ArgumentException("A network needs a positive input size and at least one layer of positive size.", nameof(layers));
        }

        Precision = precision;
        InputSize = inputSize;
        Loss = loss;
        Layers = layers.ToArray();
        long count = 0;
        int fanIn = inputSize;
        foreach (DenseLayerInfo layer in layers)
        {
            count += (long)(fanIn + 1) * layer.Size;
            fanIn = layer.Size;
        }

        ParameterCount = checked((int)count);
        Description = Describe();
        Fingerprint = Fnv1a64(Encoding.UTF8.GetBytes(Description));
    }

    /// <summary>The scalar type of the generated code.</summary>
    public Precision Precision { get; }

    /// <summary>The number of input values.</summary>
    public int InputSize { get; }

    /// <summary>The number of output values.</summary>
    public int OutputSize => Layers[Layers.Count - 1].Size;

    /// <summary>The loss <c>Backward</c> differentiates.</summary>
    public Loss Loss { get; }

    /// <summary>The dense layers in order; the last is the output layer.</summary>
    public IReadOnlyList<DenseLayerInfo> Layers { get; }

    /// <summary>The number of weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>A canonical one-line description, e.g. "Single; Input 2; Dense 4 Tanh; Dense 1 Sigmoid; MeanSquaredError".</summary>
    public string Description { get; }

    /// <summary>The 64-bit FNV-1a hash of <see cref="Description"/>'s UTF-8 bytes.</summary>
    public ulong Fingerprint { get; }

    /// <inheritdoc />
    public bool Equals(NetworkArchitecture? other) => other is not null && Description == other.Description;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NetworkArchitecture);

    /// <inheritdoc />
    public override int GetHashCode() => Fingerprint.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Description;

    private string Describe()
    {
        var text = new StringBuilder();
        text.Append(Precision).Append("; Input ").Append(InputSize.ToString(CultureInfo.InvariantCulture));
        foreach (DenseLayerInfo layer in Layers)
        {
            text.Append("; Dense ").Append(layer.Size.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(layer.Activation);
            if (layer.Activation == Activation.LeakyReLU)
            {
                text.Append('(').Append(layer.NegativeSlope.ToString("R", CultureInfo.InvariantCulture)).Append(')');
            }
            else if (layer.Activation == Activation.ELU)
            {
                text.Append('(').Append(layer.Alpha.ToString("R", CultureInfo.InvariantCulture)).Append(')');
            }
        }

        return text.Append("; ").Append(Loss).ToString();
    }

    private static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in bytes)
        {
            hash = unchecked((hash ^ b) * 0x100000001B3UL);
        }

        return hash;
    }
}
