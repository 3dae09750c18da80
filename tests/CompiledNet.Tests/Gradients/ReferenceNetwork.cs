using System;
using System.Collections.Generic;
using System.Linq;

namespace CompiledNet.Tests.Gradients;

/// <summary>One dense layer of the reference network: its width, activation and the activation's parameters.</summary>
/// <remarks>Pass the same float literal the [Dense] attribute uses (0.2f, not 0.2) so both sides see the same slope.</remarks>
internal sealed record ReferenceLayer(int Size, Activation Activation, double NegativeSlope = 0.01f, double Alpha = 1.0);

/// <summary>What one forward pass of the reference computed: each layer's weighted sums z and outputs y.</summary>
internal sealed record ReferenceTrace(double[][] PreActivations, double[][] Outputs);

/// <summary>
/// A plain double-precision multilayer perceptron: arrays, loops and formulas written from their textbook
/// definitions. It deliberately shares no code with the generator or the runtime (the enums are used only as
/// labels), so agreement with the generated code is evidence, not a tautology.
/// Parameters use the documented layout: per layer, weights row-major [outputs, inputs], then the biases.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly ReferenceLayer[] _layers;
    private readonly int[] _fanIn;
    private readonly int[] _weightOffset;

    public ReferenceNetwork(int inputSize, Loss loss, params ReferenceLayer[] layers)
    {
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        InputSize = inputSize;
        Loss = loss;
        _layers = layers;
        _fanIn = new int[layers.Length];
        _weightOffset = new int[layers.Length];
        int fanIn = inputSize, offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            _fanIn[l] = fanIn;
            _weightOffset[l] = offset;
            offset += (fanIn + 1) * layers[l].Size;
            fanIn = layers[l].Size;
        }

        ParameterCount = offset;
    }

    public int InputSize { get; }

    public int OutputSize => _layers[^1].Size;

    public int ParameterCount { get; }

    public Loss Loss { get; }

    public IReadOnlyList<ReferenceLayer> Layers => _layers;

    public int FanIn(int layer) => _fanIn[layer];

    public int WeightOffset(int layer) => _weightOffset[layer];

    public int BiasOffset(int layer) => _weightOffset[layer] + _fanIn[layer] * _layers[layer].Size;

    /// <summary>Runs every layer, keeping z and y for the backward pass.</summary>
    public ReferenceTrace Run(double[] parameters, double[] input)
    {
        CheckLength(parameters, ParameterCount, nameof(parameters));
        CheckLength(input, InputSize, nameof(input));
        var zs = new double[_layers.Length][];
        var ys = new double[_layers.Length][];
        double[] x = input;
        for (int l = 0; l < _layers.Length; l++)
        {
            int outputs = _layers[l].Size, inputs = _fanIn[l];
            var z = new double[outputs];
            for (int o = 0; o < outputs; o++)
            {
                double sum = parameters[BiasOffset(l) + o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += parameters[_weightOffset[l] + o * inputs + i] * x[i];
                }

                z[o] = sum;
            }

            zs[l] = z;
            ys[l] = Activate(_layers[l], z);
            x = ys[l];
        }

        return new ReferenceTrace(zs, ys);
    }

    public double[] Forward(double[] parameters, double[] input) => Run(parameters, input).Outputs[^1];

    public double LossOf(double[] parameters, double[] input, double[] target) =>
        LossValue(Loss, Forward(parameters, input), target);

    /// <summary>dLoss/dParameter by plain back-propagation, in the parameter layout.</summary>
    public double[] Gradient(double[] parameters, double[] input, double[] target, out double loss)
    {
        CheckLength(target, OutputSize, nameof(target));
        ReferenceTrace trace = Run(parameters, input);
        double[] y = trace.Outputs[^1];
        loss = LossValue(Loss, y, target);
        double[] dy = LossGradient(Loss, y, target);
        var gradient = new double[ParameterCount];
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            double[] dz = ActivationBackward(_layers[l], trace.PreActivations[l], trace.Outputs[l], dy);
            double[] x = l == 0 ? input : trace.Outputs[l - 1];
            int outputs = _layers[l].Size, inputs = _fanIn[l];
            for (int o = 0; o < outputs; o++)
            {
                gradient[BiasOffset(l) + o] += dz[o];
                for (int i = 0; i < inputs; i++)
                {
                    gradient[_weightOffset[l] + o * inputs + i] += dz[o] * x[i];
                }
            }

            // dLoss/dx_i = Σ_o W[o, i] dz_o becomes the previous layer's dLoss/dy.
            var dx = new double[inputs];
            for (int i = 0; i < inputs; i++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    dx[i] += parameters[_weightOffset[l] + o * inputs + i] * dz[o];
                }
            }

            dy = dx;
        }

        return gradient;
    }

    /// <summary>
    /// The smallest |z| over the layers whose activation has a kink at 0 (ReLU, LeakyReLU, ELU). Samples closer than
    /// a finite-difference step to a kink make central differences meaningless, and float and double may then
    /// legitimately pick different branches, so tests draw samples that stay clear of it.
    /// </summary>
    public double DistanceToKink(double[] parameters, double[] input)
    {
        ReferenceTrace trace = Run(parameters, input);
        double nearest = double.PositiveInfinity;
        for (int l = 0; l < _layers.Length; l++)
        {
            if (HasKink(_layers[l].Activation))
            {
                nearest = Math.Min(nearest, trace.PreActivations[l].Min(Math.Abs));
            }
        }

        return nearest;
    }

    public static bool HasKink(Activation activation) =>
        activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU;

    /// <summary>One sample's loss; the convolutional reference shares these formulas.</summary>
    internal static double LossValue(Loss loss, double[] y, double[] t)
    {
        int n = y.Length;
        double sum = 0;
        switch (loss)
        {
            case Loss.MeanSquaredError:
                for (int k = 0; k < n; k++)
                {
                    sum += (y[k] - t[k]) * (y[k] - t[k]);
                }

                return sum / n;
            case Loss.CrossEntropy:
                // -Σ t ln y, skipping t = 0 terms (0 · ln 0 is taken as 0).
                for (int k = 0; k < n; k++)
                {
                    if (t[k] != 0)
                    {
                        sum -= t[k] * Math.Log(y[k]);
                    }
                }

                return sum;
            case Loss.BinaryCrossEntropy:
                for (int k = 0; k < n; k++)
                {
                    sum -= t[k] * Math.Log(y[k]) + (1 - t[k]) * Math.Log(1 - y[k]);
                }

                return sum / n;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, null);
        }
    }

    /// <summary>dLoss/dy straight from each loss's definition; the activation's own derivative is applied afterwards.</summary>
    internal static double[] LossGradient(Loss loss, double[] y, double[] t)
    {
        int n = y.Length;
        var dy = new double[n];
        for (int k = 0; k < n; k++)
        {
            dy[k] = loss switch
            {
                Loss.MeanSquaredError => 2 * (y[k] - t[k]) / n,
                Loss.CrossEntropy => t[k] == 0 ? 0 : -t[k] / y[k],
                Loss.BinaryCrossEntropy => -(t[k] / y[k] - (1 - t[k]) / (1 - y[k])) / n,
                _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, null),
            };
        }

        return dy;
    }

    internal static double[] Activate(ReferenceLayer layer, double[] z)
    {
        var y = new double[z.Length];
        if (layer.Activation == Activation.Softmax)
        {
            // Shifting by the maximum changes nothing mathematically and keeps e^z finite.
            double max = z.Max(), sum = 0;
            for (int k = 0; k < z.Length; k++)
            {
                y[k] = Math.Exp(z[k] - max);
                sum += y[k];
            }

            for (int k = 0; k < z.Length; k++)
            {
                y[k] /= sum;
            }

            return y;
        }

        for (int k = 0; k < z.Length; k++)
        {
            y[k] = Apply(layer, z[k]);
        }

        return y;
    }

    private static double Apply(ReferenceLayer layer, double z) => layer.Activation switch
    {
        Activation.Linear => z,
        Activation.Sigmoid => Sigmoid(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => z > 0 ? z : 0,
        Activation.LeakyReLU => z > 0 ? z : layer.NegativeSlope * z,
        Activation.ELU => z > 0 ? z : layer.Alpha * (Math.Exp(z) - 1),
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        Activation.SiLU => z * Sigmoid(z),
        Activation.GELU => 0.5 * z * (1 + Math.Tanh(GeluInner(z))),

        // The approximation is its own definition; the generated code must compute exactly this function.
        Activation.ApproximateSigmoid => CompiledNet.Generated.ApproximateSigmoid.Compute(z),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, null),
    };

    /// <summary>f'(z), each derived by hand from the formula in <see cref="Apply"/>.</summary>
    private static double Derivative(ReferenceLayer layer, double z)
    {
        switch (layer.Activation)
        {
            case Activation.Linear:
                return 1;
            case Activation.Sigmoid:
                double s = Sigmoid(z);
                return s * (1 - s);
            case Activation.Tanh:
                double t = Math.Tanh(z);
                return 1 - t * t;
            case Activation.ReLU:
                return z > 0 ? 1 : 0;
            case Activation.LeakyReLU:
                return z > 0 ? 1 : layer.NegativeSlope;
            case Activation.ELU:
                return z > 0 ? 1 : layer.Alpha * Math.Exp(z);
            case Activation.Softplus:
                // d/dz ln(1 + e^z) = e^z / (1 + e^z) = σ(z).
                return Sigmoid(z);
            case Activation.SiLU:
                // d/dz z σ(z) = σ(z) + z σ(z)(1 - σ(z)).
                double sigma = Sigmoid(z);
                return sigma + z * sigma * (1 - sigma);
            case Activation.GELU:
                // ½(1 + tanh u) + ½ z (1 - tanh² u) u', with u = c(z + 0.044715 z³), u' = c(1 + 3·0.044715 z²).
                double c = Math.Sqrt(2 / Math.PI);
                double th = Math.Tanh(GeluInner(z));
                return 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * c * (1 + 3 * 0.044715 * z * z);
            case Activation.ApproximateSigmoid:
                // Not its exact slope but the documented one (within 0.4%), which the generated backward pass uses.
                double a = CompiledNet.Generated.ApproximateSigmoid.Compute(z);
                return a * (1 - a);
            default:
                throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, null);
        }
    }

    /// <summary>dLoss/dz from dLoss/dy: element-wise f'(z), or for softmax the full Jacobian dy_k/dz_j = y_k(δ_kj - y_j).</summary>
    internal static double[] ActivationBackward(ReferenceLayer layer, double[] z, double[] y, double[] dy)
    {
        int n = z.Length;
        var dz = new double[n];
        if (layer.Activation == Activation.Softmax)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    double jacobian = y[k] * ((k == j ? 1 : 0) - y[j]);
                    dz[j] += dy[k] * jacobian;
                }
            }

            return dz;
        }

        for (int k = 0; k < n; k++)
        {
            dz[k] = dy[k] * Derivative(layer, z[k]);
        }

        return dz;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double GeluInner(double z) => Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z);

    private static void CheckLength(double[] values, int expected, string name)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values, got {values.Length}.", name);
        }
    }
}
