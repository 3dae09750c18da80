using System;
using System.Numerics;
using CompiledNet.Generated;

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

    /// <summary>
    /// Runs the network on one sample. Allocates nothing; safe to call from many threads at once, but while another
    /// thread trains this instance it reads weights torn between steps.
    /// </summary>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>
    /// Runs the network on a batch of samples stored row after row, <see cref="InputSize"/> values each, and writes
    /// their outputs row after row, <see cref="OutputSize"/> values each; no rows is allowed. A generated network runs
    /// each layer once per chunk of rows through matrix kernels, so a row's output equals <see cref="Forward"/>'s up to
    /// float rounding (bit for bit for a compact network, which runs its straight-line Forward row after row).
    /// Allocates nothing once the shared array pool is warm; safe to call from many threads at once, with the same
    /// caveat as <see cref="Forward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="inputs"/> does not hold whole rows, or <paramref name="outputs"/> does not hold one output row for each.
    /// </exception>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs) => SampleRuns.ForwardEach(this, inputs, outputs);

    /// <summary>
    /// Runs forward, computes the loss against <paramref name="target"/>, and adds dLoss/dParameter into
    /// <see cref="Gradients"/>; one thread at a time.
    /// </summary>
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
    /// Plain SGD on many samples in turn: one <see cref="TrainSample"/> step per entry of <paramref name="order"/>, each
    /// equal bit for bit to calling <see cref="TrainSample"/> on that row. A generated compact network of at most 32
    /// parameters keeps every weight in a local for the whole call, so successive steps chain through registers
    /// instead of memory.
    /// </summary>
    /// <param name="inputs">Samples' inputs, row after row, <see cref="InputSize"/> values each.</param>
    /// <param name="targets">Their targets, row after row, <see cref="OutputSize"/> values each.</param>
    /// <param name="order">The rows to train on, in order; a row may come more than once.</param>
    /// <param name="learningRate">The SGD step size.</param>
    /// <param name="trained">
    /// The number of steps taken: the length of <paramref name="order"/>, unless a sample's loss or output gradient was
    /// not finite, in which case training stopped before that sample and kept the weights from before it.
    /// </param>
    /// <returns>The sum of the trained samples' losses, added in order; NaN when training stopped early.</returns>
    /// <exception cref="ArgumentException">The spans do not hold whole rows, or their row counts differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry of <paramref name="order"/> is not a row; nothing is trained.</exception>
    T TrainSamples(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> order, T learningRate, out int trained) =>
        SampleRuns.TrainEach(this, inputs, targets, order, learningRate, out trained);

    /// <summary>
    /// Forward, loss and back-propagation for a batch of samples stored row after row, through matrix kernels: adds
    /// the sum of their dLoss/dParameter into <paramref name="gradients"/> and returns the sum of their losses. Reads
    /// the parameters only, so several threads may run it at once into separate gradient spans.
    /// </summary>
    T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradients);

    /// <summary>
    /// <see cref="BackwardBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> with row k drawing the dropout masks of
    /// training sample <paramref name="dropoutSample"/> + k, which the caller reserved with
    /// <see cref="ReserveDropoutSamples"/>: a batch split over threads then draws the masks one thread would. A network
    /// without dropout ignores <paramref name="dropoutSample"/>.
    /// </summary>
    T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradients, ulong dropoutSample) =>
        BackwardBatch(inputs, targets, gradients);

    /// <summary>
    /// Takes the next <paramref name="count"/> training samples of the network's dropout generator and returns the
    /// first; a network without dropout has no generator and returns 0.
    /// </summary>
    ulong ReserveDropoutSamples(int count) => 0;
}
