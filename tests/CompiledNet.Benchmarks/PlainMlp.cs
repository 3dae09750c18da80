using System;

namespace CompiledNet.Benchmarks;

/// <summary>
/// A plain hand-written multilayer perceptron: what a competent C# developer writes without a library. Flat
/// <c>float[]</c> weights per layer, row-major [out, in], and biases; loops over layers and neurons; activations and
/// their derivatives through a switch per layer; per-sample SGD that updates the weights during back-propagation,
/// and mini-batch SGD that accumulates gradients and applies their mean. Scratch is allocated once, so a step
/// allocates nothing. Simple loops the JIT can optimise, no hand-written SIMD and no sparsity tricks (a dead ReLU
/// unit still costs its row).
/// </summary>
public sealed class PlainMlp
{
    private readonly int _inputs;
    private readonly int[] _sizes;
    private readonly Act[] _activations;
    private readonly LossKind _loss;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly float[][] _weightGradients;
    private readonly float[][] _biasGradients;
    private readonly float[][] _outputs;
    private readonly float[][] _deltas;

    public PlainMlp(WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _inputs = spec.Inputs;
        _loss = spec.Loss;
        int layers = spec.Layers.Count;
        _sizes = new int[layers];
        _activations = new Act[layers];
        _weights = new float[layers][];
        _biases = new float[layers][];
        _weightGradients = new float[layers][];
        _biasGradients = new float[layers][];
        _outputs = new float[layers][];
        _deltas = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int fanIn = spec.LayerInputs(l);
            int size = spec.Layers[l].Size;
            _sizes[l] = size;
            _activations[l] = spec.Layers[l].Activation;
            _weights[l] = new float[size * fanIn];
            _biases[l] = new float[size];
            _weightGradients[l] = new float[size * fanIn];
            _biasGradients[l] = new float[size];
            _outputs[l] = new float[size];
            _deltas[l] = new float[size];
        }

        for (int l = 0; l < layers - 1; l++)
        {
            if (_activations[l] == Act.Softmax)
            {
                throw new ArgumentException("Softmax is supported on the output layer only.", nameof(spec));
            }
        }

        if (_activations[^1] == Act.Softmax && _loss != LossKind.CrossEntropy)
        {
            throw new ArgumentException("Softmax is fused with cross-entropy.", nameof(spec));
        }
    }

    public int InputSize => _inputs;

    public int OutputSize => _sizes[^1];

    /// <summary>Loads parameters from CompiledNet's flat layout (per layer: weights [out, in], then biases).</summary>
    public void LoadParameters(ReadOnlySpan<float> flat)
    {
        int offset = 0;
        for (int l = 0; l < _sizes.Length; l++)
        {
            flat.Slice(offset, _weights[l].Length).CopyTo(_weights[l]);
            offset += _weights[l].Length;
            flat.Slice(offset, _biases[l].Length).CopyTo(_biases[l]);
            offset += _biases[l].Length;
        }
    }

    /// <summary>Writes the parameters in CompiledNet's flat layout.</summary>
    public void CopyParametersTo(Span<float> flat)
    {
        int offset = 0;
        for (int l = 0; l < _sizes.Length; l++)
        {
            _weights[l].CopyTo(flat.Slice(offset));
            offset += _weights[l].Length;
            _biases[l].CopyTo(flat.Slice(offset));
            offset += _biases[l].Length;
        }
    }

    /// <summary>Runs the network on one sample.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Propagate(input);
        _outputs[^1].AsSpan().CopyTo(output);
    }

    /// <summary>One step of per-sample SGD: forward, back-propagation, and the update applied on the way back.</summary>
    /// <returns>The sample's loss.</returns>
    public float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate)
    {
        Propagate(input);
        float loss = OutputDelta(target);
        for (int l = _sizes.Length - 1; l >= 0; l--)
        {
            ReadOnlySpan<float> layerInput = l == 0 ? input : _outputs[l - 1];
            float[] w = _weights[l];
            float[] b = _biases[l];
            float[] dz = _deltas[l];
            int n = layerInput.Length;
            if (l > 0)
            {
                // dLoss/dInput = Wᵀ·dz with the weights from before this step, fused with the update W −= η·dz·inputᵀ.
                float[] previous = _deltas[l - 1];
                Array.Clear(previous);
                for (int o = 0; o < dz.Length; o++)
                {
                    float d = dz[o];
                    float step = learningRate * d;
                    Span<float> row = w.AsSpan(o * n, n);
                    for (int i = 0; i < row.Length; i++)
                    {
                        float wi = row[i];
                        previous[i] += wi * d;
                        row[i] = wi - (step * layerInput[i]);
                    }

                    b[o] -= step;
                }

                ApplyDerivative(_activations[l - 1], _outputs[l - 1], previous);
            }
            else
            {
                for (int o = 0; o < dz.Length; o++)
                {
                    float step = learningRate * dz[o];
                    Span<float> row = w.AsSpan(o * n, n);
                    for (int i = 0; i < row.Length; i++)
                    {
                        row[i] -= step * layerInput[i];
                    }

                    b[o] -= step;
                }
            }
        }

        return loss;
    }

    /// <summary>
    /// One step of mini-batch SGD over <paramref name="count"/> samples stored back to back: gradients summed over
    /// the batch, then W −= η·mean gradient.
    /// </summary>
    /// <returns>The summed loss of the batch.</returns>
    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count, float learningRate)
    {
        int outputs = OutputSize;
        float loss = 0f;
        for (int s = 0; s < count; s++)
        {
            ReadOnlySpan<float> input = inputs.Slice(s * _inputs, _inputs);
            Propagate(input);
            loss += OutputDelta(targets.Slice(s * outputs, outputs));
            for (int l = _sizes.Length - 1; l >= 0; l--)
            {
                ReadOnlySpan<float> layerInput = l == 0 ? input : _outputs[l - 1];
                float[] w = _weights[l];
                float[] gw = _weightGradients[l];
                float[] gb = _biasGradients[l];
                float[] dz = _deltas[l];
                int n = layerInput.Length;
                if (l > 0)
                {
                    float[] previous = _deltas[l - 1];
                    Array.Clear(previous);
                    for (int o = 0; o < dz.Length; o++)
                    {
                        float d = dz[o];
                        ReadOnlySpan<float> row = w.AsSpan(o * n, n);
                        Span<float> gradientRow = gw.AsSpan(o * n, n);
                        for (int i = 0; i < row.Length; i++)
                        {
                            previous[i] += row[i] * d;
                            gradientRow[i] += d * layerInput[i];
                        }

                        gb[o] += d;
                    }

                    ApplyDerivative(_activations[l - 1], _outputs[l - 1], previous);
                }
                else
                {
                    for (int o = 0; o < dz.Length; o++)
                    {
                        float d = dz[o];
                        Span<float> gradientRow = gw.AsSpan(o * n, n);
                        for (int i = 0; i < gradientRow.Length; i++)
                        {
                            gradientRow[i] += d * layerInput[i];
                        }

                        gb[o] += d;
                    }
                }
            }
        }

        // The update with the mean gradient; clearing the sums in the same pass.
        float scale = learningRate / count;
        for (int l = 0; l < _sizes.Length; l++)
        {
            Step(_weights[l], _weightGradients[l], scale);
            Step(_biases[l], _biasGradients[l], scale);
        }

        return loss;
    }

    private static void Step(float[] parameters, float[] gradients, float scale)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] -= scale * gradients[i];
            gradients[i] = 0f;
        }
    }

    private void Propagate(ReadOnlySpan<float> input)
    {
        if (input.Length != _inputs)
        {
            throw new ArgumentException($"Expected {_inputs} inputs, got {input.Length}.", nameof(input));
        }

        for (int l = 0; l < _sizes.Length; l++)
        {
            ReadOnlySpan<float> x = l == 0 ? input : _outputs[l - 1];
            float[] w = _weights[l];
            float[] b = _biases[l];
            float[] y = _outputs[l];
            int n = x.Length;
            for (int o = 0; o < y.Length; o++)
            {
                ReadOnlySpan<float> row = w.AsSpan(o * n, n);
                float sum = b[o];
                for (int i = 0; i < row.Length; i++)
                {
                    sum += row[i] * x[i];
                }

                y[o] = sum;
            }

            Activate(_activations[l], y);
        }
    }

    private static void Activate(Act activation, float[] z)
    {
        switch (activation)
        {
            case Act.Sigmoid:
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] = 1f / (1f + MathF.Exp(-z[i]));
                }

                break;
            case Act.Tanh:
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] = MathF.Tanh(z[i]);
                }

                break;
            case Act.ReLU:
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] = MathF.Max(z[i], 0f);
                }

                break;
            case Act.LinearPiece:
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] = Math.Clamp(z[i], 0f, 1f);
                }

                break;
            case Act.Softmax:
                float max = z[0];
                for (int i = 1; i < z.Length; i++)
                {
                    max = MathF.Max(max, z[i]);
                }

                float sum = 0f;
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] = MathF.Exp(z[i] - max);
                    sum += z[i];
                }

                float inverse = 1f / sum;
                for (int i = 0; i < z.Length; i++)
                {
                    z[i] *= inverse;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>Multiplies dLoss/dOutput by the activation's derivative, written in terms of the output y.</summary>
    private static void ApplyDerivative(Act activation, float[] y, float[] delta)
    {
        switch (activation)
        {
            case Act.Sigmoid:
                for (int i = 0; i < delta.Length; i++)
                {
                    delta[i] *= y[i] * (1f - y[i]);
                }

                break;
            case Act.Tanh:
                for (int i = 0; i < delta.Length; i++)
                {
                    delta[i] *= 1f - (y[i] * y[i]);
                }

                break;
            case Act.ReLU:
                for (int i = 0; i < delta.Length; i++)
                {
                    delta[i] = y[i] > 0f ? delta[i] : 0f;
                }

                break;
            case Act.LinearPiece:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>Sets the output layer's dLoss/dz and returns the loss (CompiledNet's conventions).</summary>
    private float OutputDelta(ReadOnlySpan<float> target)
    {
        float[] y = _outputs[^1];
        float[] dz = _deltas[^1];
        float loss = 0f;
        if (_loss == LossKind.CrossEntropy)
        {
            if (_activations[^1] != Act.Softmax)
            {
                throw new InvalidOperationException("Cross-entropy is implemented for a softmax output.");
            }

            for (int k = 0; k < y.Length; k++)
            {
                if (target[k] != 0f)
                {
                    loss -= target[k] * MathF.Log(MathF.Max(y[k], 1e-30f));
                }

                dz[k] = y[k] - target[k];
            }

            return loss;
        }

        float scale = 2f / y.Length;
        for (int k = 0; k < y.Length; k++)
        {
            float error = y[k] - target[k];
            loss += error * error;
            dz[k] = scale * error;
        }

        ApplyDerivative(_activations[^1], y, dz);
        return loss / y.Length;
    }
}
