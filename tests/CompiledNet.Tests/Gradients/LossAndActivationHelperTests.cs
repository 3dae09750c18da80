using CompiledNet.Generated;
using System;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>
/// The runtime's Losses and Activations called directly, mostly with T = double so central differences are precise:
/// every gradient against differences of the value, every value against its definition written out plainly.
/// </summary>
public sealed class LossAndActivationHelperTests
{
    // In double, central differences at h = 1e-6 are accurate to ~1e-9 on these O(1) functions.
    private const double Step = 1e-6;
    private const double DifferenceTolerance = 1e-8;

    public static TheoryData<int> Widths => new() { 1, 2, 3, 5, 8 };

    [Theory]
    [MemberData(nameof(Widths))]
    public void MeanSquaredError_is_the_mean_of_squares_and_its_gradient_matches_differences(int n)
    {
        var random = new Random(100 + n);
        double[] y = Draw(random, n, 2), t = Draw(random, n, 2);
        var gradient = new double[n];
        double loss = Losses.MeanSquaredError<double>(y, t, gradient);

        Assert.Equal(y.Zip(t, (a, b) => (a - b) * (a - b)).Sum() / n, loss, 1e-14);
        double[] numeric = Differences(v => Losses.MeanSquaredError<double>(v, t, new double[n]), y);
        Tolerance.AllClose(gradient, numeric, 0, DifferenceTolerance, "dMSE/dy");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SoftmaxCrossEntropy_is_minus_sum_t_log_softmax_and_its_logit_gradient_matches_differences(int n)
    {
        var random = new Random(200 + n);
        double[] z = Draw(random, n, 3);
        double[] t = ProbabilityVector(random, n);
        var gradient = new double[n];
        double loss = Losses.SoftmaxCrossEntropy<double>(z, PlainSoftmax(z), t, gradient);

        double[] y = PlainSoftmax(z);
        Assert.Equal(-t.Zip(y, (tk, yk) => tk * Math.Log(yk)).Sum(), loss, 1e-12);
        double[] numeric = Differences(v => Losses.SoftmaxCrossEntropy<double>(v, PlainSoftmax(v), t, new double[n]), z);
        Tolerance.AllClose(gradient, numeric, 0, DifferenceTolerance, "dCE/dz");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SigmoidBinaryCrossEntropy_is_the_pytorch_mean_and_its_logit_gradient_matches_differences(int n)
    {
        var random = new Random(300 + n);
        double[] z = Draw(random, n, 4);
        double[] t = Enumerable.Range(0, n).Select(k => k == 0 ? 1.0 : k == 1 ? 0.0 : random.NextDouble()).ToArray();
        var gradient = new double[n];
        double loss = Losses.SigmoidBinaryCrossEntropy<double>(z, z.Select(Sigmoid).ToArray(), t, gradient);

        double expected = -Enumerable.Range(0, n).Sum(k => t[k] * Math.Log(Sigmoid(z[k])) + (1 - t[k]) * Math.Log(1 - Sigmoid(z[k]))) / n;
        Assert.Equal(expected, loss, 1e-12);
        double[] numeric = Differences(v => Losses.SigmoidBinaryCrossEntropy<double>(v, v.Select(Sigmoid).ToArray(), t, new double[n]), z);
        Tolerance.AllClose(gradient, numeric, 0, DifferenceTolerance, "dBCE/dz");
    }

    [Fact]
    public void Cross_entropy_losses_stay_finite_and_right_for_huge_logits_in_float()
    {
        float[] z = [1000f, 0f, -1000f];
        var probabilities = new float[3];
        Activations.Softmax<float>(z, probabilities);
        // -ln softmax(z)_1 = 1000 + ln(1 + e^-1000 + e^-2000) = 1000 to float precision.
        float ce = Losses.SoftmaxCrossEntropy<float>(z, probabilities, [0f, 1f, 0f], new float[3]);
        Assert.Equal(1000f, ce, 1e-3f);

        // With σ(±80) rounding to 1 or 0 in float, the plain formula would give ln 0; the loss must not.
        // Exact: -ln σ(-80) = 80 + ln(1 + e^-80) and -ln σ(80) = ln(1 + e^-80) ≈ 0, averaged over the two outputs.
        float[] logits = [80f, -80f];
        float[] sigmoid = [1f, 0f];
        var gradient = new float[2];
        float bce = Losses.SigmoidBinaryCrossEntropy<float>(logits, sigmoid, [0f, 0f], gradient);
        Assert.Equal(40f, bce, 1e-3f);
        Assert.Equal(new[] { 0.5f, 0f }, gradient);
    }

    [Fact]
    public void SiLU_and_GELU_equal_their_definitions_and_derivatives_match_differences()
    {
        for (double z = -9; z <= 9; z += 0.173)
        {
            Assert.Equal(z / (1 + Math.Exp(-z)), Activations.SiLU(z), 1e-14);
            double gelu = 0.5 * z * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
            Assert.Equal(gelu, Activations.Gelu(z), 1e-14);

            double silu = (Activations.SiLU(z + Step) - Activations.SiLU(z - Step)) / (2 * Step);
            double geluSlope = (Activations.Gelu(z + Step) - Activations.Gelu(z - Step)) / (2 * Step);
            Assert.Equal(silu, Activations.SiLUDerivative(z), DifferenceTolerance);
            Assert.Equal(geluSlope, Activations.GeluDerivative(z), DifferenceTolerance);

            // The float instantiation (used by generated code) agrees to float precision.
            float f = (float)z;
            Assert.Equal(Activations.SiLU((double)f), Activations.SiLU(f), 1e-5);
            Assert.Equal(Activations.Gelu((double)f), Activations.Gelu(f), 1e-5);
            Assert.Equal(Activations.SiLUDerivative((double)f), Activations.SiLUDerivative(f), 1e-5);
            Assert.Equal(Activations.GeluDerivative((double)f), Activations.GeluDerivative(f), 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Softmax_matches_exp_over_sum_and_sums_to_one(int n)
    {
        var random = new Random(400 + n);
        double[] z = Draw(random, n, 5);
        var y = new double[n];
        Activations.Softmax<double>(z, y);
        double sum = z.Sum(Math.Exp);
        Tolerance.AllClose(y, z.Select(v => Math.Exp(v) / sum).ToArray(), 1e-13, 0, "softmax");
        Assert.Equal(1.0, y.Sum(), 1e-14);

        var yf = new float[n];
        Activations.Softmax<float>(SampleData.ToFloat(z), yf);
        Assert.Equal(1.0, yf.Sum(v => (double)v), 1e-6);
    }

    [Fact]
    public void Softmax_survives_huge_logits()
    {
        var y = new float[3];
        Activations.Softmax<float>([1000f, 999f, -1000f], y);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(Math.E / (1 + Math.E), y[0], 1e-6);
        Assert.Equal(1 / (1 + Math.E), y[1], 1e-6);
        Assert.Equal(0f, y[2]);

        Activations.Softmax<float>([1000f, 1000f, 1000f], y);
        Assert.All(y, v => Assert.Equal(1 / 3.0, v, 1e-6));
        Activations.Softmax<float>([-1000f, -1000f, -1000f], y);
        Assert.All(y, v => Assert.Equal(1 / 3.0, v, 1e-6));

        var d = new double[2];
        Activations.Softmax<double>([1e308, -1e308], d);
        Assert.Equal(new[] { 1.0, 0.0 }, d);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SoftmaxBackward_matches_differences_of_a_scalar_function_of_the_softmax(int n)
    {
        // f(z) = Σ c_k y_k + Σ d_k y_k², y = softmax(z); df/dy = c + 2·d·y, which SoftmaxBackward turns into df/dz.
        var random = new Random(500 + n);
        double[] z = Draw(random, n, 2), c = Draw(random, n, 1), d = Draw(random, n, 1);
        double F(double[] v)
        {
            double[] y = PlainSoftmax(v);
            return Enumerable.Range(0, n).Sum(k => c[k] * y[k] + d[k] * y[k] * y[k]);
        }

        double[] probabilities = PlainSoftmax(z);
        double[] gradient = Enumerable.Range(0, n).Select(k => c[k] + 2 * d[k] * probabilities[k]).ToArray();
        Activations.SoftmaxBackward<double>(probabilities, gradient);
        Tolerance.AllClose(gradient, Differences(F, z), 0, DifferenceTolerance, "df/dz");
    }

    [Fact]
    public void Helpers_reject_mismatched_lengths()
    {
        Assert.Throws<ArgumentException>(() => Activations.Softmax<float>(new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => Activations.SoftmaxBackward<float>(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<float>(new float[3], new float[2], new float[3]));
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<float>(new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy<float>(new float[3], new float[3], new float[3], new float[1]));
        Assert.Throws<ArgumentException>(() => Losses.SigmoidBinaryCrossEntropy<float>(new float[2], new float[3], new float[2], new float[2]));
    }

    private static double[] Differences(Func<double[], double> f, double[] at)
    {
        var numeric = new double[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            double[] plus = (double[])at.Clone(), minus = (double[])at.Clone();
            plus[i] += Step;
            minus[i] -= Step;
            numeric[i] = (f(plus) - f(minus)) / (2 * Step);
        }

        return numeric;
    }

    private static double[] Draw(Random random, int n, double limit) =>
        Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2 - 1) * limit).ToArray();

    private static double[] ProbabilityVector(Random random, int n)
    {
        double[] raw = Enumerable.Range(0, n).Select(_ => 0.1 + random.NextDouble()).ToArray();
        double sum = raw.Sum();
        return raw.Select(v => v / sum).ToArray();
    }

    private static double[] PlainSoftmax(double[] z)
    {
        double sum = z.Sum(Math.Exp);
        return z.Select(v => Math.Exp(v) / sum).ToArray();
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
