using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CompiledNet.Benchmarks.Reporting;
using CompiledNet.Generated;

namespace CompiledNet.Benchmarks;

/// <summary>
/// <c>--cnn-profile</c>: where a batch-32 training step of <see cref="FashionCnnNoDropout"/> spends its time. The
/// generated per-layer methods are private, so <see cref="CnnStepReplica"/> makes the same kernel calls with the same
/// constant arguments in the same order (its gradients are checked equal to BackwardBatch's), with a Stopwatch
/// timestamp between parts. Batches of real data, interleaved with whole BackwardBatch calls so both see the same noise;
/// medians over the rounds. Also measures one core's fused multiply-add throughput at 256 and 512 bits.
/// </summary>
public static class CnnProfile
{
    private const int Batch = CnnWorkload.BatchSize;

    // Where the FMA probes leave their result, so that the JIT cannot drop their chains.
    public static int Run(TextWriter log, bool quick)
    {
        int rounds = quick ? 30 : 120, warmup = quick ? 10 : 30;
        (float[] inputs, float[] targets, _, string source) = Workloads.FashionData(Batch * 64);
        float[] initial = CnnWorkload.InitialParameters(seed: 4);
        var network = new FashionCnnNoDropout();
        var replica = new CnnStepReplica();
        var sgd = new Sgd<float>(CnnWorkload.LearningRate);
        log.WriteLine(MachinePeak.Current.Describe());
        log.WriteLine($"Profile of one batch-{Batch} training step of FashionCnnNoDropout (W4 without dropout); data: {source}.");
        log.WriteLine($"{warmup} warm-up and {rounds} measured rounds; each round takes the next batch and runs each contender's step, then the replica's.");

        // The replica must compute what BackwardBatch computes.
        initial.CopyTo(network.Parameters);
        network.ZeroGradients();
        float expectedLoss = network.BackwardBatch(inputs.AsSpan(0, Batch * 784), targets.AsSpan(0, Batch * 10), network.Gradients);
        var replicaGradients = new float[CnnWorkload.ParameterCount];
        float replicaLoss = replica.BackwardBatch(initial, inputs.AsSpan(0, Batch * 784), targets.AsSpan(0, Batch * 10), replicaGradients, timings: null);
        float difference = MaxAbsDiff(network.Gradients, replicaGradients);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replica check: gradients differ from BackwardBatch's by at most {difference:0.00e+00}, losses {expectedLoss} vs {replicaLoss}."));
        // The same kernels in the same order give the same bits: any difference means the generated code moved on.
        if (difference != 0f)
        {
            log.WriteLine("The replica no longer matches the generated code: update CnnStepReplica.");
            return 2;
        }

        // The contenders, each on a fresh copy of the same parameters, interleaved round by round with the replica, so
        // that a burst of load on this shared machine hits all of them alike.
        initial.CopyTo(network.Parameters);
        var dropoutNetwork = new FashionCnn(seed: 4);
        initial.CopyTo(dropoutNetwork.Parameters);
        var convPart = new FashionConvPart(seed: 4);
        var plain = new PlainCnn(seed: 4);
        plain.LoadParameters(initial);
        float[] replicaParameters = (float[])initial.Clone();
        (string Name, Action<float[], float[], int> Step)[] contenders =
        [
            ("FashionCnnNoDropout: ZeroGradients + BackwardBatch + Sgd.Step", (x, t, at) => TrainStep(network, sgd, x, t, at)),
            ("FashionCnn (Dropout 0.25): ZeroGradients + BackwardBatch + Sgd.Step", (x, t, at) => TrainStep(dropoutNetwork, sgd, x, t, at)),
            ("FashionConvPart: BackwardBatch alone (the ConvLayers row)", (x, t, at) => convPart.BackwardBatch(x.AsSpan(at * 784, Batch * 784), t.AsSpan(at * 10, Batch * 10), convPart.Gradients)),
            ("PlainCnn.TrainBatch", (x, t, at) => plain.TrainBatch(x.AsSpan(at * 784, Batch * 784), t.AsSpan(at * 10, Batch * 10), Batch, CnnWorkload.LearningRate)),
        ];
        var parts = new long[rounds, CnnStepReplica.PartCount];
        var times = new double[contenders.Length, rounds];
        for (int round = -warmup; round < rounds; round++)
        {
            int at = ((round + warmup) % 64) * Batch;
            for (int c = 0; c < contenders.Length; c++)
            {
                long start = Stopwatch.GetTimestamp();
                contenders[c].Step(inputs, targets, at);
                if (round >= 0)
                {
                    times[c, round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }

            long[] timings = new long[CnnStepReplica.PartCount];
            replica.TrainBatch(replicaParameters, replicaGradients, inputs.AsSpan(at * 784, Batch * 784), targets.AsSpan(at * 10, Batch * 10), sgd, timings);
            if (round >= 0)
            {
                for (int p = 0; p < timings.Length; p++)
                {
                    parts[round, p] = timings[p];
                }
            }
        }

        var medians = new double[CnnStepReplica.PartCount];
        for (int p = 0; p < medians.Length; p++)
        {
            medians[p] = Median(Enumerable.Range(0, rounds).Select(r => parts[r, p] * 1000.0 / Stopwatch.Frequency).ToArray());
        }

        double replicaTotal = Median(Enumerable.Range(0, rounds).Select(r => Enumerable.Range(0, medians.Length).Sum(p => parts[r, p]) * 1000.0 / Stopwatch.Frequency).ToArray());
        log.WriteLine();
        log.WriteLine($"Per batch of {Batch}, interleaved (median, fastest; ratio of medians to FashionCnnNoDropout's step):");
        double baseline = Median(Enumerable.Range(0, rounds).Select(r => times[0, r]).ToArray());
        for (int c = 0; c < contenders.Length; c++)
        {
            double[] row = Enumerable.Range(0, rounds).Select(r => times[c, r]).ToArray();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {contenders[c].Name}: {Median(row):F3} ms, fastest {row.Min():F3} ms, ratio {Median(row) / baseline:F2}"));
        }

        double convPartMs = Median(Enumerable.Range(0, rounds).Select(r => times[2, r]).ToArray());
        double convPartGflops = CnnWorkload.ConvTrainingFlops * Batch / (convPartMs * 1e6);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  FashionConvPart, convolution FLOPs only: {convPartGflops:F1} GFLOP/s = {100 * convPartGflops / MachinePeak.Current.PeakGflopsPerCore:F1}% of one core's assumed peak."));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  The replica of FashionCnnNoDropout's step: {replicaTotal:F3} ms (sum of the part medians {medians.Sum():F3} ms; timestamps add about {TimestampCost() * 1000:F0} µs per batch)."));
        log.WriteLine();
        log.WriteLine("| Part | ms per batch | % of the replica's step | FLOPs per batch | GFLOP/s |");
        log.WriteLine("|---|---|---|---|---|");
        double sum = medians.Sum();
        for (int p = 0; p < medians.Length; p++)
        {
            double flops = CnnStepReplica.PartFlops[p] * Batch;
            string gflops = flops > 0 ? (flops / (medians[p] * 1e6)).ToString("F1", CultureInfo.InvariantCulture) : "";
            string flopText = flops > 0 ? flops.ToString("N0", CultureInfo.InvariantCulture) : "";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {CnnStepReplica.PartNames[p]} | {medians[p]:F3} | {100 * medians[p] / sum:F1}% | {flopText} | {gflops} |"));
        }

        log.WriteLine();
        log.WriteLine("Grouped (ms per batch, % of the sum of the part medians):");
        foreach ((string group, Func<string, bool> member) in new (string, Func<string, bool>)[]
        {
            ("conv matrix products (MultiplyRows, AddRowProducts)", n => n.StartsWith("conv", StringComparison.Ordinal) && (n.Contains("GEMM", StringComparison.Ordinal) || n.Contains("row products", StringComparison.Ordinal))),
            ("im2col + im2row + col2im", n => n.Contains("im2", StringComparison.Ordinal) || n.Contains("col2im", StringComparison.Ordinal)),
            ("conv bias fill, ReLU, ReLU', bias sums", n => n.StartsWith("conv", StringComparison.Ordinal) && (n.Contains("bias", StringComparison.Ordinal) || n.Contains("ReLU", StringComparison.Ordinal))),
            ("max pooling (forward + backward)", n => n.StartsWith("pool", StringComparison.Ordinal)),
            ("dense layers + softmax/loss", n => n.StartsWith("dense", StringComparison.Ordinal)),
            ("zero gradients + SGD step", n => n.StartsWith("ZeroGradients", StringComparison.Ordinal) || n.StartsWith("Sgd", StringComparison.Ordinal)),
            ("conv1 (all its parts)", n => n.StartsWith("conv1", StringComparison.Ordinal)),
            ("conv2 (all its parts)", n => n.StartsWith("conv2", StringComparison.Ordinal)),
        })
        {
            double ms = Enumerable.Range(0, medians.Length).Where(p => member(CnnStepReplica.PartNames[p])).Sum(p => medians[p]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group}: {ms:F3} ms ({100 * ms / sum:F1}%)"));
        }

        double convMs = Enumerable.Range(0, medians.Length).Where(p => CnnStepReplica.PartNames[p].StartsWith("conv", StringComparison.Ordinal)).Sum(p => medians[p]);
        double convGflops = CnnWorkload.ConvTrainingFlops * Batch / (convMs * 1e6);
        log.WriteLine();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Conv layers alone (GEMMs, im2col/im2row/col2im, bias, ReLU; no pooling): {convMs:F3} ms per batch = {convGflops:F1} GFLOP/s = {100 * convGflops / MachinePeak.Current.PeakGflopsPerCore:F1}% of one core's assumed peak ({MachinePeak.Current.PeakGflopsPerCore:F1} GFLOP/s)."));
        FmaProbe.WriteThroughput(log);
        return 0;
    }

    private static void TrainStep<TNetwork>(TNetwork network, Sgd<float> sgd, float[] inputs, float[] targets, int at)
        where TNetwork : INetwork<float>
    {
        network.ZeroGradients();
        network.BackwardBatch(inputs.AsSpan(at * 784, Batch * 784), targets.AsSpan(at * 10, Batch * 10), network.Gradients);
        sgd.Step(network.Parameters, network.Gradients, 1f / Batch);
    }

    /// <summary>Milliseconds the replica's timestamps cost per batch: it takes about 720 timestamps per batch.</summary>
    private static double TimestampCost()
    {
        const int Count = 100_000;
        long sink = 0, start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Count; i++)
        {
            sink += Stopwatch.GetTimestamp();
        }

        GC.KeepAlive(sink);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / Count * 720;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float max = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            float d = MathF.Abs(a[i] - b[i]);
            max = float.IsNaN(d) ? float.PositiveInfinity : MathF.Max(max, d);
        }

        return max;
    }
}
