using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Tests.Gradients;
using Xunit;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// Checks the convolutional reference before anything is compared with it: its back-propagated gradients equal
/// central differences of its own loss, it agrees with the dense reference on dense networks, and small
/// convolutions and pools give hand-computed numbers.
/// </summary>
public sealed class ReferenceConvNetworkTests
{
    // At h = 1e-6 central differences have truncation error ~h²·f''' ≈ 1e-12 and rounding error ~ε·L/h ≈ 1e-10,
    // so a correct gradient agrees to ~1e-9; a wrong index, stride or missing term is off by orders of magnitude more.
    private const double Step = 1e-6;
    private const double Relative = 1e-6;
    private const double Absolute = 1e-8;

    // Farther from every ReLU kink and max-pool tie than a step of h can move a value.
    private const double KinkMargin = 1e-3;

    private static readonly Dictionary<string, ReferenceConvNetwork> Zoo = new()
    {
        ["1ch 7x7, conv 3x3 s1 p0 tanh, dense linear, MSE"] = new(1, 7, 7, Loss.MeanSquaredError,
            new RefConv(3, 3, 3, 1, 0, Activation.Tanh), new RefDense(4, Activation.Linear)),
        ["3ch 9x9, conv 3x3 s2 p1 relu, maxpool 2/2 on 5x5, dense softmax, CE"] = new(3, 9, 9, Loss.CrossEntropy,
            new RefConv(4, 3, 3, 2, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefDense(5, Activation.Softmax)),
        ["1ch 7x7, conv 3x3 p1 relu to 8ch, maxpool 2/2 on 7x7, conv 1x1 sigmoid, dense softmax, CE"] = new(1, 7, 7, Loss.CrossEntropy,
            new RefConv(8, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefConv(3, 1, 1, 1, 0, Activation.Sigmoid), new RefDense(3, Activation.Softmax)),
        ["8ch 9x9, conv 5x5 s2 p0 leaky, avgpool 2/1, dense sigmoid, BCE"] = new(8, 9, 9, Loss.BinaryCrossEntropy,
            new RefConv(3, 5, 5, 2, 0, Activation.LeakyReLU, 0.1f), new RefAvgPool(2, 1), new RefDense(2, Activation.Sigmoid)),
        ["3ch 7x7, conv 5x5 p1 elu, avgpool 2/2, dropout, dense relu, dropout, dense softmax, CE"] = new(3, 7, 7, Loss.CrossEntropy,
            new RefConv(4, 5, 5, 1, 1, Activation.ELU), new RefAvgPool(2, 2), new RefDropout(0.5), new RefDense(6, Activation.ReLU), new RefDropout(0.25), new RefDense(3, Activation.Softmax)),
        ["1ch 7x9, conv 3x1 s2 p1 tanh, overlapping maxpool 3/2, dense linear, MSE"] = new(1, 7, 9, Loss.MeanSquaredError,
            new RefConv(2, 3, 1, 2, 1, Activation.Tanh), new RefMaxPool(3, 2), new RefDense(2, Activation.Linear)),
        ["2ch 5x5, dropout on the input, conv 3x3 p1 linear output, MSE"] = new(2, 5, 5, Loss.MeanSquaredError,
            new RefDropout(0.2), new RefConv(2, 3, 3, 1, 1, Activation.Linear)),
        ["1ch 9x9, conv relu, dropout, conv s2 p1 gelu, maxpool, conv 1x1 softmax over all outputs, CE"] = new(1, 9, 9, Loss.CrossEntropy,
            new RefConv(4, 3, 3, 1, 0, Activation.ReLU), new RefDropout(0.3), new RefConv(3, 3, 3, 2, 1, Activation.GELU), new RefMaxPool(2, 2), new RefConv(2, 1, 1, 1, 0, Activation.Softmax)),
        ["benchmark in miniature: 1ch 10x10, conv relu, maxpool, conv relu, maxpool, dropout, dense relu, dense softmax, CE"] = new(1, 10, 10, Loss.CrossEntropy,
            new RefConv(4, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefConv(8, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2),
            new RefDropout(0.25), new RefDense(16, Activation.ReLU), new RefDense(10, Activation.Softmax)),
    };

    public static TheoryData<string> ZooNames => new(Zoo.Keys);

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void Gradient_matches_central_differences_of_the_loss(string name)
    {
        ReferenceConvNetwork network = Zoo[name];
        var random = new Random(SampleData.StableSeed(name));
        for (int draw = 0; draw < 2; draw++)
        {
            (double[] parameters, double[] input, double[][] masks) = DrawClearOfKinks(network, random);
            double[] target = Target(network, random, hard: draw == 0);
            double[] gradient = network.Gradient(parameters, input, target, masks, out double loss, out double[] inputGradient);
            Assert.Equal(network.LossOf(parameters, input, target, masks), loss);
            Tolerance.AllClose(gradient, CentralDifferences(p => network.LossOf(p, input, target, masks), parameters), Relative, Absolute, name + " gradient");
            Tolerance.AllClose(inputGradient, CentralDifferences(x => network.LossOf(parameters, x, target, masks), input), Relative, Absolute, name + " input gradient");
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, Activation.Linear, Loss.MeanSquaredError)]
    [InlineData(Activation.ReLU, Activation.Softmax, Loss.CrossEntropy)]
    [InlineData(Activation.LeakyReLU, Activation.Sigmoid, Loss.BinaryCrossEntropy)]
    [InlineData(Activation.SiLU, Activation.Sigmoid, Loss.MeanSquaredError)]
    public void Dense_only_network_matches_the_dense_reference(Activation hidden, Activation output, Loss loss)
    {
        var dense = new ReferenceNetwork(12, loss, new ReferenceLayer(7, hidden, 0.2f), new ReferenceLayer(5, hidden, 0.2f), new ReferenceLayer(3, output));
        var conv = new ReferenceConvNetwork(3, 2, 2, loss, new RefDense(7, hidden, 0.2f), new RefDense(5, hidden, 0.2f), new RefDense(3, output));
        Assert.Equal(dense.ParameterCount, conv.ParameterCount);
        var random = new Random(SampleData.StableSeed($"{hidden} {output} {loss}"));
        for (int draw = 0; draw < 3; draw++)
        {
            double[] parameters = SampleData.Parameters(dense, random);
            double[] input = SampleData.Input(dense.InputSize, random);
            double[] target = SampleData.Target(dense, random, hard: draw == 0);
            Tolerance.AllClose(conv.Forward(parameters, input), dense.Forward(parameters, input), 1e-12, 1e-15, "forward");
            double[] expected = dense.Gradient(parameters, input, target, out double expectedLoss);
            double[] actual = conv.Gradient(parameters, input, target, null, out double actualLoss);
            Tolerance.Close(actualLoss, expectedLoss, 1e-12, 1e-15, "loss");
            Tolerance.AllClose(actual, expected, 1e-12, 1e-15, "gradient");
        }
    }

    [Fact]
    public void Convolution_of_a_3x3_image_with_a_2x2_kernel_gives_the_hand_computed_values()
    {
        // Image 1..9 row by row, kernel [[1, 2], [3, 4]], bias 0.5; e.g. the top-left output is 1·1 + 2·2 + 3·4 + 4·5 + 0.5.
        double[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] parameters = [1, 2, 3, 4, 0.5];
        var valid = new ReferenceConvNetwork(1, 3, 3, Loss.MeanSquaredError, new RefConv(1, 2, 2, 1, 0, Activation.Linear));
        Assert.Equal((1, 2, 2), valid.OutputShape(0));
        Assert.Equal([37.5, 47.5, 67.5, 77.5], valid.Forward(parameters, image));

        // Padding 1 and stride 2: windows start at rows/columns −1 and 1, so the top-left one sees only pixel 1 (under weight 4).
        var padded = new ReferenceConvNetwork(1, 3, 3, Loss.MeanSquaredError, new RefConv(1, 2, 2, 2, 1, Activation.Linear));
        Assert.Equal((1, 2, 2), padded.OutputShape(0));
        Assert.Equal([4.5, 2 * 3 + 3 * 4 + 0.5, 4 * 2 + 7 * 4 + 0.5, 77.5], padded.Forward(parameters, image));

        // MSE against zero targets: dLoss/dz = 2z/4, so dLoss/dw[ky, kx] = Σ_outputs (z/2)·pixel under (ky, kx).
        double[] gradient = valid.Gradient(parameters, image, [0, 0, 0, 0], null, out _);
        double[] half = [18.75, 23.75, 33.75, 38.75];
        Assert.Equal(
            [
                half[0] * 1 + half[1] * 2 + half[2] * 4 + half[3] * 5,
                half[0] * 2 + half[1] * 3 + half[2] * 5 + half[3] * 6,
                half[0] * 4 + half[1] * 5 + half[2] * 7 + half[3] * 8,
                half[0] * 5 + half[1] * 6 + half[2] * 8 + half[3] * 9,
                half.Sum(),
            ],
            gradient);
    }

    [Fact]
    public void Convolution_weights_are_ordered_filter_then_channel_then_kernel_row()
    {
        // 1×1 kernels over 2 channels of 1×2: w[o, c] = 10^(2o + c) makes each product's origin visible in the digits.
        double[] input = [1, 2, 3, 4];
        double[] parameters = [1, 10, 100, 1000, 0, 0.5];
        var network = new ReferenceConvNetwork(2, 1, 2, Loss.MeanSquaredError, new RefConv(2, 1, 1, 1, 0, Activation.Linear));
        Assert.Equal(6, network.ParameterCount);
        Assert.Equal(4, network.BiasOffset(0));
        Assert.Equal([1 + 30, 2 + 40, 100 + 3000 + 0.5, 200 + 4000 + 0.5], network.Forward(parameters, input));
    }

    [Fact]
    public void Max_pool_takes_each_window_maximum_and_routes_the_gradient_to_the_first_maximum()
    {
        double[] input =
        [
            1, 3, -1, -5,
            3, 2, -2, -3,
            0.5, 0.5, 7, 7,
            0.5, 0.5, 7, 8,
        ];
        var network = new ReferenceConvNetwork(1, 4, 4, Loss.MeanSquaredError, new RefMaxPool(2, 2));
        Assert.Equal(0, network.ParameterCount);
        Assert.Equal([3, -1, 0.5, 8], network.Forward([], input));

        // MSE against zeros: loss (9 + 1 + 0.25 + 64)/4 and dLoss/dy = y/2, each to the first maximum of its window.
        network.Gradient([], input, [0, 0, 0, 0], null, out double loss, out double[] inputGradient);
        Assert.Equal(18.5625, loss);
        Assert.Equal(
            [
                0, 1.5, -0.5, 0,
                0, 0, 0, 0,
                0.25, 0, 0, 0,
                0, 0, 0, 4,
            ],
            inputGradient);
    }

    [Fact]
    public void Average_pool_takes_each_window_mean_and_shares_the_gradient_equally()
    {
        double[] input =
        [
            1, 3, -1, -5,
            3, 2, -2, -3,
            0.5, 0.5, 7, 7,
            0.5, 0.5, 7, 8,
        ];
        var network = new ReferenceConvNetwork(1, 4, 4, Loss.MeanSquaredError, new RefAvgPool(2, 2));
        double[] y = network.Forward([], input);
        Assert.Equal([2.25, -2.75, 0.5, 7.25], y);
        network.Gradient([], input, [0, 0, 0, 0], null, out _, out double[] inputGradient);
        for (int i = 0; i < 16; i++)
        {
            int window = i / 8 * 2 + i % 4 / 2;
            Assert.Equal(y[window] / 2 / 4, inputGradient[i]);
        }
    }

    [Fact]
    public void Pooling_window_that_does_not_divide_the_image_ignores_the_last_row_and_column()
    {
        // 7×7 with 2×2 stride 2 gives 3×3; with values rising row by row each maximum is its window's bottom-right.
        double[] input = Enumerable.Range(0, 49).Select(i => (double)i).ToArray();
        var network = new ReferenceConvNetwork(1, 7, 7, Loss.MeanSquaredError, new RefMaxPool(2, 2));
        Assert.Equal((1, 3, 3), network.OutputShape(0));
        Assert.Equal([8, 10, 12, 22, 24, 26, 36, 38, 40], network.Forward([], input));
        network.Gradient([], input, new double[9], null, out _, out double[] inputGradient);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(0, inputGradient[6 * 7 + i]);
            Assert.Equal(0, inputGradient[i * 7 + 6]);
        }
    }

    [Fact]
    public void Dropout_multiplies_by_its_mask_and_is_the_identity_without_one()
    {
        var network = new ReferenceConvNetwork(1, 2, 2, Loss.MeanSquaredError, new RefDropout(0.5));
        double[] input = [1, -2, 3, -4];
        Assert.Equal([0, -4, 6, 0], network.Forward([], input, [[0, 2, 2, 0]]));
        Assert.Equal(input, network.Forward([], input));
        network.Gradient([], input, [0, 0, 0, 0], [[0, 2, 2, 0]], out _, out double[] inputGradient);
        Assert.Equal([0, 2 * (-4.0 / 2), 2 * (6.0 / 2), 0], inputGradient);

        double[][] masks = network.DrawDropoutMasks(new Random(1));
        Assert.Single(masks);
        Assert.All(masks[0], m => Assert.True(m == 0 || m == 2));
    }

    [Fact]
    public void Benchmark_network_has_the_expected_shapes_and_parameter_layout()
    {
        var network = new ReferenceConvNetwork(1, 28, 28, Loss.CrossEntropy,
            new RefConv(32, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2), new RefConv(64, 3, 3, 1, 1, Activation.ReLU), new RefMaxPool(2, 2),
            new RefDropout(0.25), new RefDense(128, Activation.ReLU), new RefDense(10, Activation.Softmax));
        Assert.Equal([(32, 28, 28), (32, 14, 14), (64, 14, 14), (64, 7, 7), (64, 7, 7), (128, 1, 1), (10, 1, 1)], Enumerable.Range(0, 7).Select(network.OutputShape));
        Assert.Equal([0, 320, 320, 18_816, 18_816, 18_816, 420_352], Enumerable.Range(0, 7).Select(network.ParameterOffset));
        Assert.Equal(288, network.BiasOffset(0));
        Assert.Equal(3136, network.FanIn(5));
        Assert.Equal(421_642, network.ParameterCount);
        Assert.Equal([4], network.DropoutLayers);
    }

    [Theory]
    [InlineData("kernel", "a 5×5 kernel does not fit the 1×3×3 input with padding 0 (3×3)")]
    [InlineData("pool", "a 3×3 pooling window does not fit the 2×2×2 input")]
    [InlineData("softmax", "Layer 0: softmax is supported on the output layer only")]
    [InlineData("dropout", "the dropout probability 1 is outside [0, 1)")]
    [InlineData("stride", "stride 0")]
    public void Shapes_that_do_not_fit_throw_with_the_numbers(string what, string message)
    {
        ArgumentException exception = Assert.ThrowsAny<ArgumentException>(() => what switch
        {
            "kernel" => new ReferenceConvNetwork(1, 3, 3, Loss.MeanSquaredError, new RefConv(1, 5, 5, 1, 0, Activation.Linear)),
            "pool" => new ReferenceConvNetwork(1, 4, 4, Loss.MeanSquaredError, new RefConv(2, 3, 3, 1, 0, Activation.Linear), new RefMaxPool(3, 1)),
            "softmax" => new ReferenceConvNetwork(1, 4, 4, Loss.CrossEntropy, new RefConv(2, 3, 3, 1, 0, Activation.Softmax), new RefDense(2, Activation.Softmax)),
            "dropout" => new ReferenceConvNetwork(1, 4, 4, Loss.MeanSquaredError, new RefDropout(1)),
            _ => new ReferenceConvNetwork(1, 4, 4, Loss.MeanSquaredError, new RefConv(1, 3, 3, 0, 0, Activation.Linear)),
        });
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Masks_that_do_not_match_the_dropout_layers_throw()
    {
        var network = new ReferenceConvNetwork(1, 2, 2, Loss.MeanSquaredError, new RefDropout(0.5), new RefDense(2, Activation.Linear), new RefDropout(0.5));
        double[] parameters = new double[network.ParameterCount];
        double[] input = new double[4];
        ArgumentException count = Assert.ThrowsAny<ArgumentException>(() => network.Forward(parameters, input, [[1, 1, 1, 1]]));
        Assert.Contains("Expected 2 dropout masks", count.Message, StringComparison.Ordinal);
        ArgumentException length = Assert.ThrowsAny<ArgumentException>(() => network.Forward(parameters, input, [[1, 1, 1, 1], [1, 1, 1]]));
        Assert.Contains("Dropout mask 1 (layer 2) needs 2 values, got 3", length.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Parameters, input and masks whose ReLU pre-activations and max-pool gaps all stay at least
    /// <see cref="KinkMargin"/> away from a kink; rounded to float so a float network could start from the same numbers.
    /// </summary>
    private static (double[] Parameters, double[] Input, double[][] Masks) DrawClearOfKinks(ReferenceConvNetwork network, Random random)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            double[] parameters = Parameters(network, random);
            double[] input = Enumerable.Range(0, network.InputSize).Select(_ => Uniform(random, 1.5)).ToArray();
            double[][] masks = network.DrawDropoutMasks(random);
            if (network.DistanceToKink(parameters, input, masks) >= KinkMargin)
            {
                return (parameters, input, masks);
            }
        }

        throw new InvalidOperationException("Could not draw a sample clear of the kinks.");
    }

    /// <summary>Weights U(±1.5·√(3/fanIn)) and biases U(±0.5), the dense tests' spread: no saturation, about half the ReLUs off.</summary>
    private static double[] Parameters(ReferenceConvNetwork network, Random random)
    {
        var parameters = new double[network.ParameterCount];
        for (int l = 0; l < network.Layers.Count; l++)
        {
            if (network.Layers[l] is not (RefDense or RefConv))
            {
                continue;
            }

            int end = l + 1 < network.Layers.Count ? network.ParameterOffset(l + 1) : network.ParameterCount;
            double limit = 1.5 * Math.Sqrt(3.0 / network.FanIn(l));
            for (int i = network.ParameterOffset(l); i < end; i++)
            {
                parameters[i] = Uniform(random, i < network.BiasOffset(l) ? limit : 0.5);
            }
        }

        return parameters;
    }

    /// <summary>Any reals for MSE, a probability vector for cross-entropy (one-hot when hard), values in [0, 1] for binary cross-entropy.</summary>
    private static double[] Target(ReferenceConvNetwork network, Random random, bool hard)
    {
        int n = network.OutputSize;
        var target = new double[n];
        switch (network.Loss)
        {
            case Loss.CrossEntropy when hard:
                target[random.Next(n)] = 1;
                break;
            case Loss.CrossEntropy:
                double[] weights = Enumerable.Range(0, n).Select(_ => 0.05 + random.NextDouble()).ToArray();
                for (int k = 0; k < n; k++)
                {
                    target[k] = weights[k] / weights.Sum();
                }

                break;
            case Loss.BinaryCrossEntropy:
                for (int k = 0; k < n; k++)
                {
                    target[k] = hard ? random.Next(2) : random.NextDouble();
                }

                break;
            default:
                for (int k = 0; k < n; k++)
                {
                    target[k] = Uniform(random, 1.0);
                }

                break;
        }

        return target;
    }

    private static double Uniform(Random random, double limit) => (float)((2 * random.NextDouble() - 1) * limit);

    private static double[] CentralDifferences(Func<double[], double> loss, double[] point)
    {
        var numeric = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double original = point[i];
            point[i] = original + Step;
            double plus = loss(point);
            point[i] = original - Step;
            double minus = loss(point);
            point[i] = original;
            numeric[i] = (plus - minus) / (2 * Step);
        }

        return numeric;
    }
}
