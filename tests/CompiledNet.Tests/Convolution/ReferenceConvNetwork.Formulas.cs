using System;
using System.Linq;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// The activation and loss formulas, copied term for term from the dense reference
/// (<see cref="Gradients.ReferenceNetwork"/>) so both references agree exactly on dense networks.
/// </summary>
internal sealed partial class ReferenceConvNetwork
{
    public static bool HasKink(Activation activation) =>
        activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU;

    private double LossValue(double[] y, double[] t)
    {
        int n = y.Length;
        double sum = 0;
        switch (Loss)
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
                throw new ArgumentOutOfRangeException(nameof(Loss), Loss, null);
        }
    }

    /// <summary>dLoss/dy straight from each loss's definition; the activation's own derivative is applied afterwards.</summary>
    private double[] LossGradient(double[] y, double[] t)
    {
        int n = y.Length;
        var dy = new double[n];
        for (int k = 0; k < n; k++)
        {
            dy[k] = Loss switch
            {
                Loss.MeanSquaredError => 2 * (y[k] - t[k]) / n,
                Loss.CrossEntropy => t[k] == 0 ? 0 : -t[k] / y[k],
                Loss.BinaryCrossEntropy => -(t[k] / y[k] - (1 - t[k]) / (1 - y[k])) / n,
                _ => throw new ArgumentOutOfRangeException(nameof(Loss), Loss, null),
            };
        }

        return dy;
    }

    /// <summary>y = f(z) element-wise, or softmax over the whole layer (every channel and position).</summary>
    private static double[] Activate(ActivationSpec activation, double[] z)
    {
        var y = new double[z.Length];
        if (activation.Kind == Activation.Softmax)
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
            y[k] = Apply(activation, z[k]);
        }

        return y;
    }

    private static double Apply(ActivationSpec activation, double z) => activation.Kind switch
    {
        Activation.Linear => z,
        Activation.Sigmoid => Sigmoid(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => z > 0 ? z : 0,
        Activation.LeakyReLU => z > 0 ? z : activation.NegativeSlope * z,
        Activation.ELU => z > 0 ? z : activation.Alpha * (Math.Exp(z) - 1),
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        Activation.SiLU => z * Sigmoid(z),
        Activation.GELU => 0.5 * z * (1 + Math.Tanh(GeluInner(z))),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation.Kind, null),
    };

    /// <summary>f'(z), each derived by hand from the formula in <see cref="Apply"/>.</summary>
    private static double Derivative(ActivationSpec activation, double z)
    {
        switch (activation.Kind)
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
                return z > 0 ? 1 : activation.NegativeSlope;
            case Activation.ELU:
                return z > 0 ? 1 : activation.Alpha * Math.Exp(z);
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
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation.Kind, null);
        }
    }

    /// <summary>dLoss/dz from dLoss/dy: element-wise f'(z), or for softmax the full Jacobian dy_k/dz_j = y_k(δ_kj - y_j).</summary>
    private static double[] ActivationBackward(ActivationSpec activation, double[] z, double[] y, double[] dy)
    {
        int n = z.Length;
        var dz = new double[n];
        if (activation.Kind == Activation.Softmax)
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
            dz[k] = dy[k] * Derivative(activation, z[k]);
        }

        return dz;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double GeluInner(double z) => Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z);

    /// <summary>An activation with its parameters, as a Dense or Conv2D layer declares it.</summary>
    private readonly record struct ActivationSpec(Activation Kind, double NegativeSlope, double Alpha);
}
