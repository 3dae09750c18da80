using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CompiledNet;

/// <summary>
/// What a generated network was declared as. Two networks whose <see cref="Description"/> (and so
/// <see cref="Fingerprint"/>) are equal compute the same function of the same parameter layout.
/// </summary>
public sealed class NetworkArchitecture : IEquatable<NetworkArchitecture>
{
    private readonly TensorShape[] _outputShapes;
    private readonly int[] _parameterOffsets;

    /// <summary>Describes a network with a flat input; the generated code calls this once per network type.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public NetworkArchitecture(Precision precision, int inputSize, Loss loss, params LayerInfo[] layers)
        : this(precision, new TensorShape(inputSize, 1, 1), inputIsSpatial: false, loss, layers)
    {
    }

    /// <summary>Describes a network whose input is channels × height × width; the generated code calls this once per network type.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public NetworkArchitecture(Precision precision, TensorShape input, Loss loss, params LayerInfo[] layers)
        : this(precision, input, inputIsSpatial: true, loss, layers)
    {
    }

    private NetworkArchitecture(Precision precision, TensorShape input, bool inputIsSpatial, Loss loss, LayerInfo[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (input.Channels <= 0 || input.Height <= 0 || input.Width <= 0 || layers.Length == 0 || layers.Any(l => l is null))
        {
            throw new ArgumentException("A network needs a positive input size and at least one layer.", nameof(layers));
        }

        if (layers[^1] is not DenseLayerInfo)
        {
            throw new ArgumentException("The output layer must be a dense layer.", nameof(layers));
        }

        Precision = precision;
        InputShape = inputIsSpatial ? input : null;
        Loss = loss;
        Layers = layers.ToArray();
        var shapes = new TensorShape[layers.Length];
        var offsets = new int[layers.Length];
        long count = 0;
        TensorShape shape = input;
        bool spatial = inputIsSpatial;
        for (int l = 0; l < layers.Length; l++)
        {
            LayerInfo layer = layers[l];
            offsets[l] = checked((int)count);
            count += layer.ParameterCount(shape);
            shape = layer.OutputShape(shape, spatial);
            spatial = layer is DropoutLayerInfo ? spatial : layer.IsSpatial;
            shapes[l] = shape;
        }

        _outputShapes = shapes;
        _parameterOffsets = offsets;
        InputSize = input.Size;
        ParameterCount = checked((int)count);
        Description = Describe();
        Fingerprint = Fnv1a64(Encoding.UTF8.GetBytes(Description));
    }

    /// <summary>The scalar type of the generated code.</summary>
    public Precision Precision { get; }

    /// <summary>The number of input values.</summary>
    public int InputSize { get; }

    /// <summary>The input's channels × height × width, or null for a flat input of <see cref="InputSize"/> values.</summary>
    public TensorShape? InputShape { get; }

    /// <summary>The number of output values.</summary>
    public int OutputSize => _outputShapes[^1].Size;

    /// <summary>The loss <c>Backward</c> differentiates.</summary>
    public Loss Loss { get; }

    /// <summary>The layers in order; the last, a dense layer, is the output layer.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The number of weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>A canonical one-line description, e.g. "Single; Input 2; Dense 4 Tanh; Dense 1 Sigmoid; MeanSquaredError".</summary>
    public string Description { get; }

    /// <summary>The 64-bit FNV-1a hash of <see cref="Description"/>'s UTF-8 bytes.</summary>
    public ulong Fingerprint { get; }

    /// <summary>The shape layer <paramref name="layer"/> writes (a dense layer's is its size × 1 × 1).</summary>
    public TensorShape OutputShapeOf(int layer) => _outputShapes[layer];

    /// <summary>The shape layer <paramref name="layer"/> reads: the input's, or the layer before's output.</summary>
    public TensorShape InputShapeOf(int layer) => layer == 0 ? InputShape ?? new TensorShape(InputSize, 1, 1) : _outputShapes[layer - 1];

    /// <summary>Where layer <paramref name="layer"/>'s parameters start in the flat parameter array.</summary>
    public int ParameterOffsetOf(int layer) => _parameterOffsets[layer];

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
        text.Append(Precision).Append("; Input ").Append(InputShape is { } shape ? shape.ToString() : InputSize.ToString(CultureInfo.InvariantCulture));
        foreach (LayerInfo layer in Layers)
        {
            text.Append("; ").Append(layer.Describe());
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
