using System;
using System.Linq;
using CompiledNet.Generated;
using Xunit;

namespace CompiledNet.Tests.Convolution;

/// <summary>The convolution's data movement on its own: im2col against a direct definition, im2row as its transpose, col2im as its adjoint.</summary>
public sealed class ConvKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int> Geometries => new()
    {
        // channels, height, width, kernel height, kernel width, stride, padding
        { 1, 5, 5, 3, 3, 1, 1 },
        { 3, 7, 9, 3, 3, 2, 0 },
        { 2, 6, 6, 1, 1, 1, 0 },
        { 2, 9, 7, 5, 3, 2, 2 },
        { 4, 4, 4, 4, 4, 1, 0 },
        { 1, 3, 3, 2, 3, 1, 1 },
        { 2, 8, 8, 3, 3, 3, 2 },
        { 3, 6, 7, 5, 5, 1, 2 },
        { 2, 1, 9, 1, 3, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Im2Col_Im2Row_and_Col2Im_agree_with_their_definitions(int channels, int height, int width, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        int outputHeight = ((height + (2 * padding) - kernelHeight) / stride) + 1;
        int outputWidth = ((width + (2 * padding) - kernelWidth) / stride) + 1;
        int patch = channels * kernelHeight * kernelWidth, positions = outputHeight * outputWidth;
        var random = new Random(channels * 1000 + height * 100 + stride * 10 + padding);
        double[] image = Enumerable.Range(0, channels * height * width).Select(_ => random.NextDouble() - 0.5).ToArray();

        var columns = new double[patch * positions];
        ConvKernels.Im2Col<double>(image, columns, channels, height, width, kernelHeight, kernelWidth, stride, padding, outputHeight, outputWidth);
        var rows = new double[patch * positions];
        ConvKernels.Im2Row<double>(image, rows, channels, height, width, kernelHeight, kernelWidth, stride, padding, outputHeight, outputWidth);
        for (int c = 0, k = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelHeight; ky++)
            {
                for (int kx = 0; kx < kernelWidth; kx++, k++)
                {
                    for (int oy = 0, p = 0; oy < outputHeight; oy++)
                    {
                        for (int ox = 0; ox < outputWidth; ox++, p++)
                        {
                            int y = (oy * stride) + ky - padding, x = (ox * stride) + kx - padding;
                            double expected = y >= 0 && y < height && x >= 0 && x < width ? image[(((c * height) + y) * width) + x] : 0;
                            Assert.Equal(expected, columns[(k * positions) + p]);
                            Assert.Equal(expected, rows[(p * patch) + k]);
                        }
                    }
                }
            }
        }

        // <Im2Col(x), g> = <x, Col2Im(g)> for any g: col2im is the adjoint, which is what makes it dLoss/dImage.
        double[] g = Enumerable.Range(0, columns.Length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var back = new double[image.Length];
        back.AsSpan().Fill(double.NaN);
        ConvKernels.Col2Im<double>(g, back, channels, height, width, kernelHeight, kernelWidth, stride, padding, outputHeight, outputWidth);
        double left = columns.Zip(g, (a, b) => a * b).Sum(), right = image.Zip(back, (a, b) => a * b).Sum();
        Assert.InRange(Math.Abs(left - right), 0, 1e-12 * (1 + Math.Abs(left)));
    }

    [Fact]
    public void Bias_fill_channel_sums_and_the_sgd_step_do_what_they_say()
    {
        var z = new float[6];
        ConvKernels.FillChannels<float>(new float[] { 1, -2 }, z, planeSize: 3);
        Assert.Equal(new float[] { 1, 1, 1, -2, -2, -2 }, z);

        var sums = new float[] { 10, 20 };
        ConvKernels.AddChannelSums<float>(new float[] { 1, 2, 3, 4, 5, 6 }, sums, planeSize: 3);
        Assert.Equal(new float[] { 16, 35 }, sums);

        float[] parameters = Enumerable.Range(0, 37).Select(i => i * 0.1f).ToArray();
        float[] gradients = Enumerable.Range(0, 37).Select(i => 1f / (i + 1)).ToArray();
        float[] expected = parameters.Select((p, i) => p - (0.3f * gradients[i])).ToArray();
        ConvKernels.SgdStep<float>(parameters, gradients, -0.3f);
        Assert.Equal(expected, parameters);
    }

    [Fact]
    public void Spans_too_short_for_the_geometry_are_refused_with_the_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ConvKernels.Im2Col<float>(new float[25], new float[10], channels: 1, height: 5, width: 5, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1, outputHeight: 5, outputWidth: 5));
        Assert.Contains("225", error.Message);
        Assert.Contains("10", error.Message);
    }

    [Fact]
    public void Span_ReLU_and_its_derivative_equal_the_inline_forms_bit_for_bit()
    {
        float[] special = { float.NaN, -0f, 0f, -1f, 2f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-30f };
        float[] z = Enumerable.Range(0, 53).Select(i => special[i % special.Length] * (i % 3 == 0 ? 1 : 0.5f)).ToArray();
        var y = new float[z.Length];
        Activations.ReLU<float>(z, y);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Max(z[i], 0f)), BitConverter.SingleToInt32Bits(y[i]));
        }

        float[] delta = z.Select((v, i) => special[(i + 4) % special.Length]).ToArray();
        float[] expected = delta.Select((d, i) => d * (z[i] > 0f ? 1f : 0f)).ToArray();
        Activations.ReLUBackward<float>(z, delta);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), delta.Select(BitConverter.SingleToInt32Bits));
    }
}
