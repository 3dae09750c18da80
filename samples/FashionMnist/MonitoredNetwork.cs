using System;
using System.Diagnostics;
using CompiledNet;

namespace FashionMnist;

/// <summary>
/// Passes every call through to a generated network and watches the training loop through them: each
/// <see cref="ZeroGradients"/> (or fused <see cref="TrainSample"/>) starts a batch, and <see cref="Backward"/>,
/// <see cref="BackwardBatch"/> and <see cref="TrainSample"/> count its samples. That gives the
/// progress view a signal per batch while <see cref="Trainer.Fit{TNetwork, T}"/>, which reports once per epoch, runs
/// the whole training with its early stopping and schedule. Watching changes no number, so training stays
/// deterministic: dropout masks, too, come from the wrapped network's generator as they would without the wrapper.
/// </summary>
internal sealed class MonitoredNetwork : INetwork<float>
{
    private readonly INetwork<float> _network;
    private readonly object _countLock = new();
    private readonly int _samplesPerEpoch;
    private readonly IEpochMonitor _monitor;
    private int _epoch;
    private bool _epochRunning;
    private int _epochSamples;
    private double _epochLoss;
    private long _epochStarted;
    private long _epochTrained;

    public MonitoredNetwork(INetwork<float> network, int samplesPerEpoch, IEpochMonitor monitor)
    {
        _network = network;
        _samplesPerEpoch = samplesPerEpoch;
        _monitor = monitor;
    }

    /// <summary>Training samples in one epoch.</summary>
    public int SamplesPerEpoch => _samplesPerEpoch;

    public int InputSize => _network.InputSize;

    public int OutputSize => _network.OutputSize;

    public int ParameterCount => _network.ParameterCount;

    public NetworkArchitecture Architecture => _network.Architecture;

    public Span<float> Parameters => _network.Parameters;

    public Span<float> Gradients => _network.Gradients;

    public void Forward(ReadOnlySpan<float> input, Span<float> output) => _network.Forward(input, output);

    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => _network.ForwardBatch(inputs, outputs);

    public float Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> target) =>
        Count(_network.Backward(input, target), 1);

    public float BackwardBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) =>
        Count(_network.BackwardBatch(inputs, targets, gradients), inputs.Length / _network.InputSize);

    // The trainer's worker threads come here, each with its slice of the batch and its place in the dropout stream.
    public float BackwardBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients, ulong dropoutSample) =>
        Count(_network.BackwardBatch(inputs, targets, gradients, dropoutSample), inputs.Length / _network.InputSize);

    public ulong ReserveDropoutSamples(int count) => _network.ReserveDropoutSamples(count);

    // A fused step is a whole batch of one.
    public float TrainSample(ReadOnlySpan<float> input, ReadOnlySpan<float> target, float learningRate)
    {
        BatchStarting();
        return Count(_network.TrainSample(input, target, learningRate), 1);
    }

    // The trainer clears the gradients at the start of every batch: the previous batch's step is done.
    public void ZeroGradients()
    {
        _network.ZeroGradients();
        BatchStarting();
    }

    // Worker threads finish their slices of a batch at the same time, so the running sums take a lock.
    private float Count(float loss, int samples)
    {
        lock (_countLock)
        {
            _epochLoss += loss;
            _epochSamples += samples;
            if (_epochSamples == _samplesPerEpoch)
            {
                _epochTrained = Stopwatch.GetTimestamp();
            }
        }

        return loss;
    }

    private void BatchStarting()
    {
        if (!_epochRunning)
        {
            _epochRunning = true;
            _epoch++;
            _epochSamples = 0;
            _epochLoss = 0;
            _epochStarted = Stopwatch.GetTimestamp();
            _monitor.EpochStarted(_epoch, _samplesPerEpoch);
        }
        else
        {
            _monitor.BatchDone(_epochSamples, _epochLoss / _epochSamples, Stopwatch.GetElapsedTime(_epochStarted));
        }
    }

    /// <summary>
    /// Closes the epoch the trainer just reported: the time from its first batch to its last sample (the
    /// validation pass after it not included) and its mean training loss.
    /// </summary>
    public (TimeSpan TrainingTime, double MeanLoss) EndEpoch()
    {
        _epochRunning = false;
        long end = _epochSamples == _samplesPerEpoch ? _epochTrained : Stopwatch.GetTimestamp();
        return (Stopwatch.GetElapsedTime(_epochStarted, end), _epochSamples > 0 ? _epochLoss / _epochSamples : double.NaN);
    }
}
