using System;
using System.Numerics;

namespace CompiledNet;

/// <summary>
/// What every generated network offers. The training loop works on any network through a generic constraint,
/// so a training step costs one interface call per sample, never one per neuron.
/// </summary>
/// <typeparam name="T">The scalar type of parameters, inputs and outputs.</typeparam>
public interface INetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of input values.</summary>
    int InputSize { get; }

    /// <summary>The number of output values.</summary>
    int OutputSize { get; }

    /// <summary>The number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The declared layers, activations, loss and precision; weight files carry its fingerprint.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>
    /// All parameters, layer by layer: the weights row-major as [outputs, inputs], then the layer's biases
    /// (the layout of PyTorch's <c>nn.Linear</c>).
    /// </summary>
    Span<T> Parameters { get; }

    /// <summary>dLoss/dParameter in the layout of <see cref="Parameters"/>, accumulated by <see cref="Backward"/>.</summary>
    Span<T> Gradients { get; }

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGradients();

    /// <summary>Runs the network on one sample. Allocates nothing; safe to call from many threads at once.</summary>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Runs forward, computes the loss against <paramref name="target"/>, and adds dLoss/dParameter into <see cref="Gradients"/>.</summary>
    /// <returns>The sample's loss.</returns>
    T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    /// <summary>
    /// One plain SGD step on one sample, fused into back-propagation: each layer's weights change as its gradient is
    /// formed, with the same arithmetic as <see cref="Backward"/> then <see cref="Sgd{T}"/> on a batch of one, but
    /// without the round trip through <see cref="Gradients"/>, which is left untouched.
    /// </summary>
    /// <returns>The sample's loss; NaN, with no step taken, when the loss or the output layer's gradient is not finite.</returns>
    T TrainSample(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate);

    /// <summary>
    /// Forward, loss and back-propagation for a batch of samples stored row after row, through matrix kernels: adds
    /// the sum of their dLoss/dParameter into <paramref name="gradients"/> and returns the sum of their losses. Reads
    /// the parameters only, so several threads may run it at once into separate gradient spans.
    /// </summary>
    T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradients);
}
