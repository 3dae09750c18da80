using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>
/// The gradient-descent loop: epochs of (optionally shuffled) mini-batches with gradients averaged over each batch,
/// optional validation, early stopping, learning-rate schedules, gradient clipping, progress and cancellation.
/// A step allocates nothing.
/// </summary>
public static class Trainer
{
    /// <summary>Trains on rows given as jagged arrays; see <see cref="Fit{TNetwork, T}(TNetwork, DataSet{T}, IOptimizer{T}, TrainingOptions, DataSet{T}?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    /// <exception cref="ArgumentException">The data set is empty, the counts differ, or a row has the wrong length.</exception>
    public static TrainingHistory<T> Train<TNetwork, T>(TNetwork network, T[][] inputs, T[][] targets, IOptimizer<T> optimizer, TrainingOptions options)
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);

        // Checked against the network first, so a bad row is named with the length the network expects.
        DataSetCheck.Rows(inputs, network.InputSize, nameof(inputs));
        DataSetCheck.Rows(targets, network.OutputSize, nameof(targets));
        return Fit(network, DataSet<T>.FromRows(inputs, targets), optimizer, options);
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="training"/>. Validation data is <paramref name="validation"/>
    /// when given, else the <see cref="TrainingOptions.ValidationSplit"/> held out of the training set.
    /// <paramref name="cancellationToken"/> is checked between batches; for plain SGD on single samples at a fixed
    /// learning rate, which runs through <see cref="INetwork{T}.TrainSamples"/>, every 256 samples.
    /// </summary>
    /// <returns>Each epoch's report, why training stopped and the best epoch.</returns>
    /// <exception cref="ArgumentException">A data set's row sizes do not match the network.</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss was NaN or infinite; the weights from before it are kept.</exception>
    public static TrainingHistory<T> Fit<TNetwork, T>(
        TNetwork network,
        DataSet<T> training,
        IOptimizer<T> optimizer,
        TrainingOptions options,
        DataSet<T>? validation = null,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default)
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        CheckShape(network, training, nameof(training));
        if (validation is null && options.ValidationSplit > 0)
        {
            (training, validation) = training.Split(options.ValidationSplit, options.Seed);
        }

        if (validation is not null)
        {
            CheckShape(network, validation, nameof(validation));
        }

        var learningRateOptimizer = optimizer as ILearningRateOptimizer<T>;
        if (options.Schedule is not null && learningRateOptimizer is null)
        {
            throw new ArgumentException($"A learning-rate schedule needs an optimizer with a learning rate, but {optimizer.GetType().Name} has none.", nameof(options));
        }

        var run = new TrainingRun<TNetwork, T>(network, training, optimizer, learningRateOptimizer, options);
        return run.Execute(validation, progress, cancellationToken);
    }

    private static void CheckShape<T>(INetwork<T> network, DataSet<T> data, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.InputSize != network.InputSize || data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException(
                $"The data set has rows of {data.InputSize} inputs and {data.TargetSize} targets, but the network takes {network.InputSize} inputs and gives {network.OutputSize} outputs.",
                parameterName);
        }
    }

    /// <summary>The state of one call to Fit; everything a step needs is allocated before the first step.</summary>
    private sealed class TrainingRun<TNetwork, T>
        where TNetwork : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TNetwork _network;
        private readonly DataSet<T> _training;
        private readonly IOptimizer<T> _optimizer;
        private readonly ILearningRateOptimizer<T>? _learningRateOptimizer;
        private readonly TrainingOptions _options;
        private readonly int[] _order;
        private readonly int _batchSize;

        // Set when a step is plain SGD on one sample: the network's fused TrainSample then replaces Backward + Step.
        private readonly Sgd<T>? _fusedSgd;

        // With a fixed learning rate, fused steps go to TrainSamples this many at a time, so a compact network keeps
        // its weights in registers from sample to sample; cancellation is checked between these runs.
        private const int FusedRun = 256;

        // A batch of more than one sample is gathered into these rows and back-propagated through matrix kernels.
        private readonly ArraySegment<T> _batchInputs;
        private readonly T[] _batchTargets;
        private readonly int _workers;
        private readonly double _baseLearningRate;
        // Below these a batch stays on one thread: each worker needs a few samples, and the whole step enough
        // multiply-adds (parameters × samples) to outweigh waking the workers and summing their gradients.
        private const int MinimumSamplesPerWorker = 4;
        private const long MinimumParallelWork = 1 << 17;

        private ParallelBatchRunner<T>? _parallel;
        private SeededRandom _random;
        private long _steps;

        public TrainingRun(TNetwork network, DataSet<T> training, IOptimizer<T> optimizer, ILearningRateOptimizer<T>? learningRateOptimizer, TrainingOptions options)
        {
            _network = network;
            _training = training;
            _optimizer = optimizer;
            _learningRateOptimizer = learningRateOptimizer;
            _options = options;
            _baseLearningRate = learningRateOptimizer?.LearningRate ?? double.NaN;
            _order = new int[training.Count];
            for (int i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }

            _random = new SeededRandom(options.Seed);

            // A batch larger than the data set is the whole data set: nothing is sized from the option itself.
            _batchSize = Math.Min(options.BatchSize, training.Count);
            _batchInputs = CacheAligned.Allocate<T>(_batchSize > 1 ? _batchSize * network.InputSize : 0);
            _batchTargets = _batchSize > 1 ? new T[_batchSize * network.OutputSize] : Array.Empty<T>();
            _workers = Math.Max(1, Math.Min(options.MaxDegreeOfParallelism, _batchSize / MinimumSamplesPerWorker));
            if ((long)network.ParameterCount * _batchSize < MinimumParallelWork)
            {
                _workers = 1;
            }

            _fusedSgd = options.BatchSize == 1 && options.ClipGradientNorm is null
                && optimizer is Sgd<T> { Momentum: 0, WeightDecay: 0 } sgd
                    ? sgd
                    : null;
        }

        public TrainingHistory<T> Execute(DataSet<T>? validation, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
        {
            try
            {
                if (_workers > 1)
                {
                    _parallel = new ParallelBatchRunner<T>(_network, _workers);
                }

                return RunEpochs(validation, progress, cancellationToken);
            }
            finally
            {
                _parallel?.Dispose();

                // A schedule only borrows the optimizer's rate: put the configured one back however training ended.
                if (_learningRateOptimizer is not null)
                {
                    _learningRateOptimizer.LearningRate = _baseLearningRate;
                }
            }
        }

        private TrainingHistory<T> RunEpochs(DataSet<T>? validation, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
        {
            var losses = new List<T>(_options.Epochs);
            var reports = new List<EpochReport>(_options.Epochs);
            EarlyStopping? stopping = _options.EarlyStopping;
            T[]? bestWeights = stopping is { RestoreBestWeights: true } ? new T[_network.ParameterCount] : null;
            double bestLoss = double.PositiveInfinity;
            int bestEpoch = 0, epochsWithoutImprovement = 0;
            StopReason reason = StopReason.Completed;
            long started = Stopwatch.GetTimestamp();

            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                long epochStarted = Stopwatch.GetTimestamp();
                (T epochLoss, int seen, bool cancelled) = RunEpoch(epoch, cancellationToken);
                if (cancelled)
                {
                    reason = StopReason.Cancelled;
                    break;
                }

                losses.Add(epochLoss);
                Evaluation? evaluation = validation is null ? null : Evaluator.Evaluate(_network, validation);
                long epochEnded = Stopwatch.GetTimestamp();
                double seconds = Stopwatch.GetElapsedTime(epochStarted, epochEnded).TotalSeconds;
                var report = new EpochReport(
                    epoch + 1,
                    _options.Epochs,
                    double.CreateTruncating(epochLoss),
                    evaluation,
                    seconds > 0 ? seen / seconds : double.PositiveInfinity,
                    Stopwatch.GetElapsedTime(started, epochEnded),
                    _learningRateOptimizer?.LearningRate ?? double.NaN);
                reports.Add(report);
                progress?.Report(report);

                double monitored = evaluation?.Loss ?? report.TrainingLoss;
                if (monitored < bestLoss - (stopping?.MinDelta ?? 0))
                {
                    bestLoss = monitored;
                    bestEpoch = epoch + 1;
                    epochsWithoutImprovement = 0;
                    if (bestWeights is not null)
                    {
                        _network.Parameters.CopyTo(bestWeights);
                    }
                }
                else if (stopping is not null && ++epochsWithoutImprovement >= stopping.Patience)
                {
                    reason = StopReason.EarlyStopped;
                    break;
                }
            }

            // Early stopping's promise: whether training ran out, stalled or was cancelled, the best epoch's weights stay.
            if (bestWeights is not null && bestEpoch > 0)
            {
                bestWeights.CopyTo(_network.Parameters);
            }

            return new TrainingHistory<T>(losses.ToArray(), reports, reason, bestEpoch);
        }

        /// <summary>Copies the batch's samples, in the epoch's order, into contiguous rows.</summary>
        private int GatherBatch(int start, int end)
        {
            int inputSize = _network.InputSize, outputSize = _network.OutputSize;
            for (int i = start; i < end; i++)
            {
                int row = i - start;
                _training.Input(_order[i]).CopyTo(_batchInputs.AsSpan(row * inputSize, inputSize));
                _training.Target(_order[i]).CopyTo(_batchTargets.AsSpan(row * outputSize, outputSize));
            }

            return end - start;
        }

        private (T Loss, int Seen, bool Cancelled) RunEpoch(int epoch, CancellationToken cancellationToken)
        {
            if (_options.Shuffle)
            {
                _random.Shuffle(_order.AsSpan());
            }

            if (_fusedSgd is not null && _options.Schedule is null)
            {
                return RunFusedEpoch(_fusedSgd, epoch, cancellationToken);
            }

            T epochLoss = T.Zero;
            int batchNumber = 0;
            for (int start = 0, end; start < _order.Length; start = end)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return (T.Zero, start, true);
                }

                // Never past the end, so neither bound can overflow whatever the data set's size.
                end = start + Math.Min(_batchSize, _order.Length - start);
                batchNumber++;
                epochLoss += Step(epoch, batchNumber, start, end);
            }

            return (epochLoss / T.CreateTruncating(_order.Length), _order.Length, false);
        }

        /// <summary>An epoch of plain SGD on single samples at a fixed rate, in runs of <see cref="FusedRun"/> samples.</summary>
        private (T Loss, int Seen, bool Cancelled) RunFusedEpoch(Sgd<T> sgd, int epoch, CancellationToken cancellationToken)
        {
            T rate = T.CreateTruncating(sgd.LearningRate);
            ReadOnlySpan<T> inputs = _training.Inputs.Span;
            ReadOnlySpan<T> targets = _training.Targets.Span;
            T epochLoss = T.Zero;
            for (int start = 0; start < _order.Length; start += FusedRun)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return (T.Zero, start, true);
                }

                int count = Math.Min(FusedRun, _order.Length - start);
                T runLoss = _network.TrainSamples(inputs, targets, _order.AsSpan(start, count), rate, out int trained);
                _steps += trained;
                if (trained < count)
                {
                    // Each sample is a batch of one: the diverging sample's batch number is its position in the epoch.
                    throw new TrainingDivergedException(epoch + 1, start + trained + 1, double.CreateTruncating(runLoss));
                }

                epochLoss += runLoss;
            }

            return (epochLoss / T.CreateTruncating(_order.Length), _order.Length, false);
        }

        private T Step(int epoch, int batchNumber, int start, int end)
        {
            if (_options.Schedule is { } schedule)
            {
                _learningRateOptimizer!.LearningRate = schedule.LearningRate(_baseLearningRate, epoch, _steps);
            }

            if (_fusedSgd is not null)
            {
                int single = _order[start];
                T sampleLoss = _network.TrainSample(_training.Input(single), _training.Target(single), T.CreateTruncating(_fusedSgd.LearningRate));
                if (!T.IsFinite(sampleLoss))
                {
                    throw new TrainingDivergedException(epoch + 1, batchNumber, double.CreateTruncating(sampleLoss));
                }

                _steps++;
                return sampleLoss;
            }

            _network.ZeroGradients();
            T batchLoss;
            if (end - start == 1)
            {
                batchLoss = _network.Backward(_training.Input(_order[start]), _training.Target(_order[start]));
            }
            else
            {
                int count = GatherBatch(start, end);
                batchLoss = _parallel is not null
                    ? _parallel.Run(_batchInputs, _batchTargets, count)
                    : _network.BackwardBatch(
                        _batchInputs.AsSpan(0, count * _network.InputSize),
                        _batchTargets.AsSpan(0, count * _network.OutputSize),
                        _network.Gradients);
            }

            // A saturated unit can give a finite loss with an infinite or NaN gradient; neither may reach the weights.
            if (!T.IsFinite(batchLoss) || !Kernels.AllFinite<T>(_network.Gradients))
            {
                throw new TrainingDivergedException(epoch + 1, batchNumber, double.CreateTruncating(batchLoss));
            }

            T scale = T.One / T.CreateTruncating(end - start);
            if (_options.ClipGradientNorm is { } maxNorm)
            {
                scale = GradientClipping.ClipScale<T>(_network.Gradients, scale, maxNorm);
            }

            _optimizer.Step(_network.Parameters, _network.Gradients, scale);
            _steps++;
            return batchLoss;
        }
    }
}
