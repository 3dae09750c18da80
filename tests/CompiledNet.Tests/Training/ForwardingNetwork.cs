using System;

namespace CompiledNet.Tests.Training;

/// <summary>
/// A network that hands every call to another, for tests that tamper with one call. It leaves TrainSamples to the
/// interface's default (a loop over TrainSample), which is what a hand-written INetwork gets.
/// </summary>
internal abstract class ForwardingNetwork(INetwork<float> inner) : INetwork<float>
{
    protected INetwork<float> Inner => inner;

    public int InputSize => inner.InputSize;

    public int OutputSize => inner.OutputSize;

    public int ParameterCount => inner.ParameterCount;

    public NetworkArchitecture Architecture => inner.Architecture;

    public Span<float> Parameters => inner.Parameters;

    public Span<float> Gradients => inner.Gradients;

    public void ZeroGradients() => inner.ZeroGradients();

    public void Forward(ReadOnlySpan<float> input, Span<float> output) => inner.Forward(input, output);

    public virtual float Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => inner.Backward(input, target);

    public float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate) =>
        inner.TrainSample(input, target, learningRate);

    public virtual float BackwardBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) =>
        inner.BackwardBatch(inputs, targets, gradients);
}
