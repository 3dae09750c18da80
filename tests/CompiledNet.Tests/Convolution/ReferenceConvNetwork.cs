using System;
using System.Collections.Generic;

namespace CompiledNet.Tests.Convolution;

/// <summary>One layer of the reference convolutional network; the sealed records below are the kinds.</summary>
internal abstract record ReferenceSpatialLayer;

/// <summary>A dense layer over the flattened (C, H, W) input. Pass the attribute's float literal (0.2f) as the slope.</summary>
internal sealed record RefDense(int Size, Activation Activation, double NegativeSlope = 0.01f, double Alpha = 1.0) : ReferenceSpatialLayer;

/// <summary>A 2-D convolution: zero padding on all four sides, the same stride on both axes.</summary>
internal sealed record RefConv(int Filters, int KernelHeight, int KernelWidth, int Stride, int Padding, Activation Activation, double NegativeSlope = 0.01f, double Alpha = 1.0) : ReferenceSpatialLayer;

/// <summary>Max pooling over square Kernel × Kernel windows, no padding; ties go to the first maximum in row-major order.</summary>
internal sealed record RefMaxPool(int Kernel, int Stride) : ReferenceSpatialLayer;

/// <summary>Average pooling over square Kernel × Kernel windows, no padding.</summary>
internal sealed record RefAvgPool(int Kernel, int Stride) : ReferenceSpatialLayer;

/// <summary>Inverted dropout: y = x · mask, the mask (0 or 1/(1 − p) per value) supplied by the caller.</summary>
internal sealed record RefDropout(double Probability) : ReferenceSpatialLayer;

/// <summary>
/// What one forward pass computed: each layer's pre-activations z and outputs y. Layers without an activation
/// (pooling, dropout) store their output as z too.
/// </summary>
internal sealed record ReferenceConvTrace(double[][] PreActivations, double[][] Outputs);

/// <summary>
/// A plain double-precision network of Dense, Conv2D, MaxPool2D, AvgPool2D and Dropout layers, written from the
/// textbook definitions with arrays and loops. Like the dense reference it shares no code with the generator or the
/// runtime (the enums are labels only), so agreement with generated code is evidence, not a tautology.
/// Values are NCHW per sample: (c, y, x) of a C×H×W tensor sits at (c·H + y)·W + x, which is also the order a Dense
/// layer reads a spatial input in (PyTorch's Flatten). Parameters, layer by layer: Dense weights [out, in] then
/// biases; Conv2D weights [filters, channels, kh, kw] then biases; pooling and dropout have none.
/// </summary>
internal sealed partial class ReferenceConvNetwork
{
    private readonly ReferenceSpatialLayer[] _layers;
    private readonly (int C, int H, int W)[] _inputShapes;
    private readonly (int C, int H, int W)[] _outputShapes;
    private readonly int[] _parameterOffsets;
    private readonly List<int> _dropoutLayers = new();

    public ReferenceConvNetwork(int channels, int height, int width, Loss loss, params ReferenceSpatialLayer[] layers)
    {
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        if (channels < 1 || height < 1 || width < 1)
        {
            throw new ArgumentException($"The input shape {channels}×{height}×{width} must be positive.", nameof(channels));
        }

        Loss = loss;
        _layers = layers;
        _inputShapes = new (int, int, int)[layers.Length];
        _outputShapes = new (int, int, int)[layers.Length];
        _parameterOffsets = new int[layers.Length];
        (int C, int H, int W) shape = (channels, height, width);
        int offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            _inputShapes[l] = shape;
            _parameterOffsets[l] = offset;
            if (ActivationOf(layers[l]) is { Kind: Activation.Softmax } && l != layers.Length - 1)
            {
                throw new ArgumentException($"Layer {l}: softmax is supported on the output layer only.", nameof(layers));
            }

            (shape, int parameters) = Describe(l, layers[l], shape);
            if (layers[l] is RefDropout)
            {
                _dropoutLayers.Add(l);
            }

            _outputShapes[l] = shape;
            offset += parameters;
        }

        InputSize = channels * height * width;
        ParameterCount = offset;
    }

    public int InputSize { get; }

    public int OutputSize => Size(_outputShapes[^1]);

    public int ParameterCount { get; }

    public Loss Loss { get; }

    public IReadOnlyList<ReferenceSpatialLayer> Layers => _layers;

    /// <summary>The indices of the Dropout layers, in the order <c>dropoutMasks</c> lists their masks.</summary>
    public IReadOnlyList<int> DropoutLayers => _dropoutLayers;

    /// <summary>Where a layer's parameters (its weights, for Dense and Conv2D) start in the flat array.</summary>
    public int ParameterOffset(int layer) => _parameterOffsets[layer];

    /// <summary>Where a Dense or Conv2D layer's biases start: right after its weights.</summary>
    public int BiasOffset(int layer) => _layers[layer] switch
    {
        RefDense dense => _parameterOffsets[layer] + dense.Size * Size(_inputShapes[layer]),
        RefConv conv => _parameterOffsets[layer] + conv.Filters * _inputShapes[layer].C * conv.KernelHeight * conv.KernelWidth,
        _ => throw new ArgumentException($"Layer {layer} ({_layers[layer].GetType().Name}) has no biases.", nameof(layer)),
    };

    /// <summary>A Dense or Conv2D layer's fan-in: inputs per output value.</summary>
    public int FanIn(int layer) => _layers[layer] switch
    {
        RefDense => Size(_inputShapes[layer]),
        RefConv conv => _inputShapes[layer].C * conv.KernelHeight * conv.KernelWidth,
        _ => 0,
    };

    public (int C, int H, int W) InputShape(int layer) => _inputShapes[layer];

    /// <summary>The shape a layer produces; a Dense layer of n outputs is n×1×1.</summary>
    public (int C, int H, int W) OutputShape(int layer) => _outputShapes[layer];

    /// <summary>Masks for every Dropout layer: each value is 0 with probability p, else 1/(1 − p).</summary>
    public double[][] DrawDropoutMasks(Random random)
    {
        var masks = new double[_dropoutLayers.Count][];
        for (int d = 0; d < masks.Length; d++)
        {
            int l = _dropoutLayers[d];
            double p = ((RefDropout)_layers[l]).Probability;
            masks[d] = new double[Size(_inputShapes[l])];
            for (int i = 0; i < masks[d].Length; i++)
            {
                masks[d][i] = random.NextDouble() < p ? 0 : 1 / (1 - p);
            }
        }

        return masks;
    }

    /// <summary>Runs every layer, keeping z and y for the backward pass. Null masks make Dropout the identity (inference).</summary>
    public ReferenceConvTrace Run(double[] parameters, double[] input, double[][]? dropoutMasks = null)
    {
        CheckLength(parameters, ParameterCount, nameof(parameters));
        CheckLength(input, InputSize, nameof(input));
        CheckMasks(dropoutMasks);
        var zs = new double[_layers.Length][];
        var ys = new double[_layers.Length][];
        double[] x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            switch (_layers[l])
            {
                case RefDense dense:
                    zs[l] = DenseForward(parameters, l, dense, x);
                    ys[l] = Activate(ActivationOf(dense)!.Value, zs[l]);
                    break;
                case RefConv conv:
                    zs[l] = ConvForward(parameters, l, conv, x);
                    ys[l] = Activate(ActivationOf(conv)!.Value, zs[l]);
                    break;
                case RefMaxPool pool:
                    ys[l] = zs[l] = MaxPoolForward(_inputShapes[l], _outputShapes[l], pool, x);
                    break;
                case RefAvgPool pool:
                    ys[l] = zs[l] = AvgPoolForward(_inputShapes[l], _outputShapes[l], pool, x);
                    break;
                case RefDropout:
                    double[]? mask = dropoutMasks?[_dropoutLayers.IndexOf(l)];
                    var y = new double[x.Length];
                    for (int i = 0; i < x.Length; i++)
                    {
                        y[i] = mask is null ? x[i] : x[i] * mask[i];
                    }

                    ys[l] = zs[l] = y;
                    break;
            }

            x = ys[l];
        }

        return new ReferenceConvTrace(zs, ys);
    }

    public double[] Forward(double[] parameters, double[] input, double[][]? dropoutMasks = null) =>
        Run(parameters, input, dropoutMasks).Outputs[^1];

    public double LossOf(double[] parameters, double[] input, double[] target, double[][]? dropoutMasks = null)
    {
        CheckLength(target, OutputSize, nameof(target));
        return LossValue(Forward(parameters, input, dropoutMasks), target);
    }

    /// <summary>dLoss/dParameter by plain back-propagation, in the parameter layout.</summary>
    public double[] Gradient(double[] parameters, double[] input, double[] target, double[][]? dropoutMasks, out double loss) =>
        Gradient(parameters, input, target, dropoutMasks, out loss, out _);

    /// <summary>dLoss/dParameter, and dLoss/dInput (which shows where pooling routes the gradient).</summary>
    public double[] Gradient(double[] parameters, double[] input, double[] target, double[][]? dropoutMasks, out double loss, out double[] inputGradient)
    {
        CheckLength(target, OutputSize, nameof(target));
        ReferenceConvTrace trace = Run(parameters, input, dropoutMasks);
        double[] output = trace.Outputs[^1];
        loss = LossValue(output, target);
        double[] dy = LossGradient(output, target);
        var gradient = new double[ParameterCount];
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            double[] x = l == 0 ? input : trace.Outputs[l - 1];
            switch (_layers[l])
            {
                case RefDense dense:
                    double[] denseDz = ActivationBackward(ActivationOf(dense)!.Value, trace.PreActivations[l], trace.Outputs[l], dy);
                    dy = DenseBackward(parameters, l, dense, x, denseDz, gradient);
                    break;
                case RefConv conv:
                    double[] convDz = ActivationBackward(ActivationOf(conv)!.Value, trace.PreActivations[l], trace.Outputs[l], dy);
                    dy = ConvBackward(parameters, l, conv, x, convDz, gradient);
                    break;
                case RefMaxPool pool:
                    dy = MaxPoolBackward(_inputShapes[l], _outputShapes[l], pool, x, dy);
                    break;
                case RefAvgPool pool:
                    dy = AvgPoolBackward(_inputShapes[l], _outputShapes[l], pool, dy);
                    break;
                case RefDropout:
                    double[]? mask = dropoutMasks?[_dropoutLayers.IndexOf(l)];
                    var dx = new double[dy.Length];
                    for (int i = 0; i < dy.Length; i++)
                    {
                        dx[i] = mask is null ? dy[i] : dy[i] * mask[i];
                    }

                    dy = dx;
                    break;
            }
        }

        inputGradient = dy;
        return gradient;
    }

    /// <summary>
    /// How close the sample is to a point where the loss is not differentiable: the smallest |z| of a ReLU, LeakyReLU
    /// or ELU layer, and the smallest gap between a max-pool window's maximum and the next value (0 for a tie).
    /// Ties of exact zeros (ReLU outputs, dropped values) are not counted: small perturbations keep them zero, so
    /// the first one stays the maximum. Central differences are only meaningful well clear of these points.
    /// </summary>
    public double DistanceToKink(double[] parameters, double[] input, double[][]? dropoutMasks = null)
    {
        ReferenceConvTrace trace = Run(parameters, input, dropoutMasks);
        double nearest = double.PositiveInfinity;
        for (int l = 0; l < _layers.Length; l++)
        {
            if (ActivationOf(_layers[l]) is { } activation && HasKink(activation.Kind))
            {
                foreach (double z in trace.PreActivations[l])
                {
                    nearest = Math.Min(nearest, Math.Abs(z));
                }
            }
            else if (_layers[l] is RefMaxPool pool)
            {
                double[] x = l == 0 ? input : trace.Outputs[l - 1];
                nearest = Math.Min(nearest, SmallestMaxPoolGap(_inputShapes[l], _outputShapes[l], pool, x));
            }
        }

        return nearest;
    }

    private static (int C, int H, int W) ShapeOf(int size) => (size, 1, 1);

    private static int Size((int C, int H, int W) shape) => shape.C * shape.H * shape.W;

    private static ActivationSpec? ActivationOf(ReferenceSpatialLayer layer) => layer switch
    {
        RefDense dense => new ActivationSpec(dense.Activation, dense.NegativeSlope, dense.Alpha),
        RefConv conv => new ActivationSpec(conv.Activation, conv.NegativeSlope, conv.Alpha),
        _ => null,
    };

    /// <summary>A layer's output shape and parameter count, or an ArgumentException naming the numbers that do not fit.</summary>
    private static ((int C, int H, int W) Shape, int Parameters) Describe(int l, ReferenceSpatialLayer layer, (int C, int H, int W) input)
    {
        (int c, int h, int w) = input;
        switch (layer)
        {
            case RefDense dense:
                Require(dense.Size >= 1, $"Layer {l}: a Dense layer needs at least one output, not {dense.Size}.");
                return (ShapeOf(dense.Size), (Size(input) + 1) * dense.Size);
            case RefConv conv:
                Require(
                    conv.Filters >= 1 && conv.KernelHeight >= 1 && conv.KernelWidth >= 1 && conv.Stride >= 1 && conv.Padding >= 0,
                    $"Layer {l}: Conv2D needs filters, kernel and stride ≥ 1 and padding ≥ 0, not {conv.Filters} filters, {conv.KernelHeight}×{conv.KernelWidth} kernel, stride {conv.Stride}, padding {conv.Padding}.");
                int paddedH = h + 2 * conv.Padding, paddedW = w + 2 * conv.Padding;
                Require(
                    conv.KernelHeight <= paddedH && conv.KernelWidth <= paddedW,
                    $"Layer {l}: a {conv.KernelHeight}×{conv.KernelWidth} kernel does not fit the {c}×{h}×{w} input with padding {conv.Padding} ({paddedH}×{paddedW}).");
                var convShape = (conv.Filters, (paddedH - conv.KernelHeight) / conv.Stride + 1, (paddedW - conv.KernelWidth) / conv.Stride + 1);
                return (convShape, conv.Filters * (c * conv.KernelHeight * conv.KernelWidth + 1));
            case RefMaxPool or RefAvgPool:
                (int kernel, int stride) = layer is RefMaxPool max ? (max.Kernel, max.Stride) : (((RefAvgPool)layer).Kernel, ((RefAvgPool)layer).Stride);
                Require(kernel >= 1 && stride >= 1, $"Layer {l}: pooling needs kernel and stride ≥ 1, not kernel {kernel}, stride {stride}.");
                Require(kernel <= h && kernel <= w, $"Layer {l}: a {kernel}×{kernel} pooling window does not fit the {c}×{h}×{w} input.");
                return ((c, (h - kernel) / stride + 1, (w - kernel) / stride + 1), 0);
            case RefDropout dropout:
                Require(dropout.Probability >= 0 && dropout.Probability < 1, $"Layer {l}: the dropout probability {dropout.Probability} is outside [0, 1).");
                return (input, 0);
            default:
                throw new ArgumentException($"Layer {l}: unknown layer {layer}.", nameof(layer));
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "layers");
        }
    }

    private void CheckMasks(double[][]? masks)
    {
        if (masks is null)
        {
            return;
        }

        if (masks.Length != _dropoutLayers.Count)
        {
            throw new ArgumentException($"Expected {_dropoutLayers.Count} dropout masks (one per Dropout layer), got {masks.Length}.", nameof(masks));
        }

        for (int d = 0; d < masks.Length; d++)
        {
            int expected = Size(_inputShapes[_dropoutLayers[d]]);
            if (masks[d] is null || masks[d].Length != expected)
            {
                throw new ArgumentException($"Dropout mask {d} (layer {_dropoutLayers[d]}) needs {expected} values, got {masks[d]?.Length ?? 0}.", nameof(masks));
            }
        }
    }

    private static void CheckLength(double[] values, int expected, string name)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values, got {values.Length}.", name);
        }
    }
}
