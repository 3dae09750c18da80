using System;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Threading;
using CompiledNet.Generated;

namespace CompiledNet;

/// <summary>
/// Runs a batch's BackwardBatch on several threads: worker k takes the k-th contiguous slice of the batch into its
/// own gradient buffer, and the buffers are added into the network's gradients in worker order, so a run is
/// bit-identical to any other with the same number of workers. The worker threads live as long as one Fit and wait
/// on events between batches, so a step allocates nothing.
/// </summary>
internal sealed class ParallelBatchRunner<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _network;
    private readonly int _workers;
    private readonly ArraySegment<T>[] _gradients;
    private readonly T[] _losses;
    private readonly Exception?[] _errors;
    private readonly ManualResetEventSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly Thread[] _threads;
    private ArraySegment<T> _inputs = ArraySegment<T>.Empty;
    private T[] _targets = Array.Empty<T>();
    private int _count;
    private ulong _dropoutSample;
    private volatile bool _stopping;

    public ParallelBatchRunner(INetwork<T> network, int workers)
    {
        _network = network;
        _workers = workers;
        _gradients = new ArraySegment<T>[workers];
        _losses = new T[workers];
        _errors = new Exception?[workers];
        _start = new ManualResetEventSlim[workers];
        _done = new CountdownEvent(workers - 1);
        _threads = new Thread[workers];
        for (int k = 1; k < workers; k++)
        {
            // On a cache line, as the network's own gradients are: the dW products store into it.
            _gradients[k] = CacheAligned.Allocate<T>(network.ParameterCount);
            _start[k] = new ManualResetEventSlim(false);
            int worker = k;
            _threads[k] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = "CompiledNet batch worker " + k };
            _threads[k].Start();
        }
    }

    public int Workers => _workers;

    /// <summary>Back-propagates the first <paramref name="count"/> rows of the batch into the network's gradients; returns the summed loss.</summary>
    public T Run(ArraySegment<T> inputs, T[] targets, int count)
    {
        _inputs = inputs;
        _targets = targets;
        _count = count;

        // One reservation for the whole batch: worker k's rows draw the masks they would on one thread.
        _dropoutSample = _network.ReserveDropoutSamples(count);
        _done.Reset(_workers - 1);
        for (int k = 1; k < _workers; k++)
        {
            _start[k].Set();
        }

        RunSlice(0, _network.Gradients);
        _done.Wait();
        for (int k = 1; k < _workers; k++)
        {
            if (_errors[k] is { } error)
            {
                _errors[k] = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        T loss = _losses[0];
        for (int k = 1; k < _workers; k++)
        {
            Kernels.MultiplyAdd<T>(_gradients[k], T.One, _network.Gradients);
            loss += _losses[k];
        }

        return loss;
    }

    public void Dispose()
    {
        _stopping = true;
        for (int k = 1; k < _workers; k++)
        {
            _start[k].Set();
            _threads[k].Join();
            _start[k].Dispose();
        }

        _done.Dispose();
    }

    private void WorkerLoop(int worker)
    {
        while (true)
        {
            _start[worker].Wait();
            _start[worker].Reset();
            if (_stopping)
            {
                return;
            }

            try
            {
                _gradients[worker].AsSpan().Clear();
                RunSlice(worker, _gradients[worker]);
            }
            catch (Exception error)
            {
                _errors[worker] = error;
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    private void RunSlice(int worker, Span<T> gradients)
    {
        int first = (int)((long)_count * worker / _workers);
        int end = (int)((long)_count * (worker + 1) / _workers);
        int inputSize = _network.InputSize, outputSize = _network.OutputSize;
        _losses[worker] = _network.BackwardBatch(
            _inputs.AsSpan(first * inputSize, (end - first) * inputSize),
            _targets.AsSpan(first * outputSize, (end - first) * outputSize),
            gradients,
            _dropoutSample + (ulong)first);
    }
}
