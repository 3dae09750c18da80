using System;

namespace CompiledNet.Tests.Convolution;

/// <summary>Each layer's forward and backward pass, index arithmetic spelled out from the definitions.</summary>
internal sealed partial class ReferenceConvNetwork
{
    /// <summary>z[o] = b[o] + Σ_i W[o, i] x[i], in the dense reference's summation order.</summary>
    private double[] DenseForward(double[] parameters, int l, RefDense dense, double[] x)
    {
        int outputs = dense.Size, inputs = x.Length, weights = _parameterOffsets[l], biases = BiasOffset(l);
        var z = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = parameters[biases + o];
            for (int i = 0; i < inputs; i++)
            {
                sum += parameters[weights + o * inputs + i] * x[i];
            }

            z[o] = sum;
        }

        return z;
    }

    /// <summary>Adds dLoss/dW = dz·xᵀ and dLoss/db = dz to the gradient; returns dLoss/dx = Wᵀ·dz.</summary>
    private double[] DenseBackward(double[] parameters, int l, RefDense dense, double[] x, double[] dz, double[] gradient)
    {
        int outputs = dense.Size, inputs = x.Length, weights = _parameterOffsets[l], biases = BiasOffset(l);
        for (int o = 0; o < outputs; o++)
        {
            gradient[biases + o] += dz[o];
            for (int i = 0; i < inputs; i++)
            {
                gradient[weights + o * inputs + i] += dz[o] * x[i];
            }
        }

        var dx = new double[inputs];
        for (int i = 0; i < inputs; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                dx[i] += parameters[weights + o * inputs + i] * dz[o];
            }
        }

        return dx;
    }

    /// <summary>z[o, y, x] = b[o] + Σ_{c, ky, kx} W[o, c, ky, kx] · in[c, y·s + ky − p, x·s + kx − p], zero outside.</summary>
    private double[] ConvForward(double[] parameters, int l, RefConv conv, double[] input)
    {
        (int channels, int height, int width) = _inputShapes[l];
        (int filters, int outHeight, int outWidth) = _outputShapes[l];
        int kh = conv.KernelHeight, kw = conv.KernelWidth, weights = _parameterOffsets[l], biases = BiasOffset(l);
        var z = new double[filters * outHeight * outWidth];
        for (int o = 0; o < filters; o++)
        {
            for (int y = 0; y < outHeight; y++)
            {
                for (int x = 0; x < outWidth; x++)
                {
                    double sum = parameters[biases + o];
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = y * conv.Stride + ky - conv.Padding;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = x * conv.Stride + kx - conv.Padding;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    sum += parameters[weights + ((o * channels + c) * kh + ky) * kw + kx] * input[(c * height + iy) * width + ix];
                                }
                            }
                        }
                    }

                    z[(o * outHeight + y) * outWidth + x] = sum;
                }
            }
        }

        return z;
    }

    /// <summary>
    /// The same sum read backwards: every term w·in contributes dz·in to dLoss/dw and dz·w to dLoss/din; every
    /// output contributes dz to its filter's bias. Returns dLoss/din.
    /// </summary>
    private double[] ConvBackward(double[] parameters, int l, RefConv conv, double[] input, double[] dz, double[] gradient)
    {
        (int channels, int height, int width) = _inputShapes[l];
        (int filters, int outHeight, int outWidth) = _outputShapes[l];
        int kh = conv.KernelHeight, kw = conv.KernelWidth, weights = _parameterOffsets[l], biases = BiasOffset(l);
        var dx = new double[input.Length];
        for (int o = 0; o < filters; o++)
        {
            for (int y = 0; y < outHeight; y++)
            {
                for (int x = 0; x < outWidth; x++)
                {
                    double d = dz[(o * outHeight + y) * outWidth + x];
                    gradient[biases + o] += d;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = y * conv.Stride + ky - conv.Padding;
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = x * conv.Stride + kx - conv.Padding;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    int w = weights + ((o * channels + c) * kh + ky) * kw + kx;
                                    int i = (c * height + iy) * width + ix;
                                    gradient[w] += d * input[i];
                                    dx[i] += d * parameters[w];
                                }
                            }
                        }
                    }
                }
            }
        }

        return dx;
    }

    /// <summary>
    /// The input index of window (c, oy, ox)'s maximum: scanned ky outer, kx inner, and only a strictly greater value
    /// replaces the current one, so a tie goes to the first (as PyTorch's CPU kernel does).
    /// </summary>
    private static int ArgMax((int C, int H, int W) shape, RefMaxPool pool, double[] input, int c, int oy, int ox)
    {
        int best = -1;
        for (int ky = 0; ky < pool.Kernel; ky++)
        {
            for (int kx = 0; kx < pool.Kernel; kx++)
            {
                int i = (c * shape.H + oy * pool.Stride + ky) * shape.W + ox * pool.Stride + kx;
                if (best < 0 || input[i] > input[best])
                {
                    best = i;
                }
            }
        }

        return best;
    }

    private static double[] MaxPoolForward((int C, int H, int W) inShape, (int C, int H, int W) outShape, RefMaxPool pool, double[] input)
    {
        var y = new double[Size(outShape)];
        for (int c = 0; c < outShape.C; c++)
        {
            for (int oy = 0; oy < outShape.H; oy++)
            {
                for (int ox = 0; ox < outShape.W; ox++)
                {
                    y[(c * outShape.H + oy) * outShape.W + ox] = input[ArgMax(inShape, pool, input, c, oy, ox)];
                }
            }
        }

        return y;
    }

    /// <summary>Each window's gradient goes to its maximum only; overlapping windows add up.</summary>
    private static double[] MaxPoolBackward((int C, int H, int W) inShape, (int C, int H, int W) outShape, RefMaxPool pool, double[] input, double[] dy)
    {
        var dx = new double[input.Length];
        for (int c = 0; c < outShape.C; c++)
        {
            for (int oy = 0; oy < outShape.H; oy++)
            {
                for (int ox = 0; ox < outShape.W; ox++)
                {
                    dx[ArgMax(inShape, pool, input, c, oy, ox)] += dy[(c * outShape.H + oy) * outShape.W + ox];
                }
            }
        }

        return dx;
    }

    private static double[] AvgPoolForward((int C, int H, int W) inShape, (int C, int H, int W) outShape, RefAvgPool pool, double[] input)
    {
        var y = new double[Size(outShape)];
        for (int c = 0; c < outShape.C; c++)
        {
            for (int oy = 0; oy < outShape.H; oy++)
            {
                for (int ox = 0; ox < outShape.W; ox++)
                {
                    double sum = 0;
                    for (int ky = 0; ky < pool.Kernel; ky++)
                    {
                        for (int kx = 0; kx < pool.Kernel; kx++)
                        {
                            sum += input[(c * inShape.H + oy * pool.Stride + ky) * inShape.W + ox * pool.Stride + kx];
                        }
                    }

                    y[(c * outShape.H + oy) * outShape.W + ox] = sum / (pool.Kernel * pool.Kernel);
                }
            }
        }

        return y;
    }

    /// <summary>Each value of a window receives 1/kernel² of the window's gradient; overlapping windows add up.</summary>
    private static double[] AvgPoolBackward((int C, int H, int W) inShape, (int C, int H, int W) outShape, RefAvgPool pool, double[] dy)
    {
        var dx = new double[Size(inShape)];
        for (int c = 0; c < outShape.C; c++)
        {
            for (int oy = 0; oy < outShape.H; oy++)
            {
                for (int ox = 0; ox < outShape.W; ox++)
                {
                    double share = dy[(c * outShape.H + oy) * outShape.W + ox] / (pool.Kernel * pool.Kernel);
                    for (int ky = 0; ky < pool.Kernel; ky++)
                    {
                        for (int kx = 0; kx < pool.Kernel; kx++)
                        {
                            dx[(c * inShape.H + oy * pool.Stride + ky) * inShape.W + ox * pool.Stride + kx] += share;
                        }
                    }
                }
            }
        }

        return dx;
    }

    /// <summary>The smallest gap between a window's maximum and the largest value below it (see <see cref="DistanceToKink"/>).</summary>
    private static double SmallestMaxPoolGap((int C, int H, int W) inShape, (int C, int H, int W) outShape, RefMaxPool pool, double[] input)
    {
        double smallest = double.PositiveInfinity;
        for (int c = 0; c < outShape.C; c++)
        {
            for (int oy = 0; oy < outShape.H; oy++)
            {
                for (int ox = 0; ox < outShape.W; ox++)
                {
                    double max = input[ArgMax(inShape, pool, input, c, oy, ox)];
                    double below = double.NegativeInfinity;
                    int atMax = 0;
                    for (int ky = 0; ky < pool.Kernel; ky++)
                    {
                        for (int kx = 0; kx < pool.Kernel; kx++)
                        {
                            double v = input[(c * inShape.H + oy * pool.Stride + ky) * inShape.W + ox * pool.Stride + kx];
                            if (v == max)
                            {
                                atMax++;
                            }
                            else
                            {
                                below = Math.Max(below, v);
                            }
                        }
                    }

                    smallest = Math.Min(smallest, atMax > 1 && max != 0 ? 0 : max - below);
                }
            }
        }

        return smallest;
    }
}
