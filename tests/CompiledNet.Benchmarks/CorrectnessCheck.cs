using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CompiledNet.Benchmarks;

/// <summary>
/// Before any timing: every contender, given the same parameters, must compute the same forward output as
/// CompiledNet's generated network (within 1e-4), and one training step (per-sample, and one mini-batch) must move
/// the parameters the same way (within 1e-6). FANN is compared on W1 and W2, where it runs the same model; on W3 it
/// runs a different model (linear-piece hidden, sigmoid + MSE), so it is compared with the plain C# MLP running that
/// same model instead.
/// </summary>
public static partial class CorrectnessCheck
{
    public const float ForwardTolerance = 1e-4f;
    public const float StepTolerance = 1e-6f;
    private const int CheckedSamples = 8;

    /// <summary>Runs every check, writes one line per comparison, and returns whether all passed.</summary>
    public static bool Run(TextWriter log)
    {
        var check = new Checker(log);
        log.WriteLine("Correctness check (same initial parameters for every contender; forward within 1e-4, one training step within 1e-6):");
        if (!FannNative.IsAvailable)
        {
            log.WriteLine("  " + FannNative.NotFoundMessage);
        }

        (float[] xorInputs, float[] xorTargets, int xorCount) = Workloads.XorData();
        CheckWorkload(check, Workloads.W1, null, new XorBenchNet(), xorInputs, xorTargets, xorCount, seed: 1);

        (float[] randomInputs, float[] randomTargets, int randomCount) = Workloads.RandomData(Workloads.W2, 64, seed: 2);
        CheckWorkload(check, Workloads.W2, null, new MediumBenchNet(), randomInputs, randomTargets, randomCount, seed: 2);

        (float[] fashionInputs, float[] fashionTargets, int fashionCount, string source) = Workloads.FashionData(64);
        log.WriteLine($"  W3 data: {source}");
        CheckWorkload(check, Workloads.W3, Workloads.W3Fann, new FashionBenchNet(), fashionInputs, fashionTargets, fashionCount, seed: 3);

        CheckCnn(check, log);

        CheckBaked(check, "W1 2-4-1 baked", BakedXorBenchNet.BakedParameters, BakedModels.W1Parameters(), BakedModels.W1File, new BakedXorBenchNet(), BakedInputs.Xor(), static (n, x, y) => n.ForwardFrozen(x, y));
        CheckBaked(check, "8-8-1 ReLU baked", BakedReluBenchNet.BakedParameters, BakedModels.Relu8Parameters(), BakedModels.Relu8File, new BakedReluBenchNet(), BakedInputs.Relu8(), static (n, x, y) => n.ForwardFrozen(x, y));

        log.WriteLine(check.Failures == 0
            ? $"Correctness check PASSED ({check.Passed} comparisons)."
            : $"CORRECTNESS CHECK FAILED: {check.Failures} of {check.Passed + check.Failures} comparisons disagree (see FAIL lines above).");
        return check.Failures == 0;
    }

    private static void CheckWorkload<TNetwork>(Checker check, WorkloadSpec spec, WorkloadSpec? fannSpec, TNetwork network, float[] inputs, float[] targets, int count, int seed)
        where TNetwork : INetwork<float>
    {
        string name = $"{spec.Id} {spec.Shape}";
        int inSize = spec.Inputs;
        int outSize = spec.Outputs;
        int batch = Math.Min(32, count);
        float[] initial = Workloads.InitialParameters(spec, network, seed);
        var plain = new PlainMlp(spec);

        // Forward.
        var expected = new float[outSize];
        var actual = new float[outSize];
        initial.CopyTo(network.Parameters);
        plain.LoadParameters(initial);
        float plainForward = 0f;
        for (int s = 0; s < Math.Min(CheckedSamples, count); s++)
        {
            network.Forward(inputs.AsSpan(s * inSize, inSize), expected);
            plain.Forward(inputs.AsSpan(s * inSize, inSize), actual);
            plainForward = Math.Max(plainForward, MaxAbsDiff(expected, actual));
        }

        check.Compare($"{name}: forward, plain C# vs CompiledNet", plainForward, ForwardTolerance);

        // ONNX Runtime runs the same network, exported by CompiledNet.Onnx.
        float onnxForward = 0f;
        using (var onnx = new OnnxRuntimeContender(network))
        {
            for (int s = 0; s < Math.Min(CheckedSamples, count); s++)
            {
                network.Forward(inputs.AsSpan(s * inSize, inSize), expected);
                onnxForward = Math.Max(onnxForward, MaxAbsDiff(expected, onnx.Run(inputs.AsSpan(s * inSize, inSize))));
            }
        }

        check.Compare($"{name}: forward, ONNX Runtime vs CompiledNet", onnxForward, ForwardTolerance);

        // ForwardBatch, and ONNX Runtime given the same batch, against Forward row by row.
        var batchOutputs = new float[batch * outSize];
        network.ForwardBatch(inputs.AsSpan(0, batch * inSize), batchOutputs);
        float batchForward = 0f, onnxBatchForward = 0f;
        using (var onnxBatch = new OnnxRuntimeContender(network, batch))
        {
            ReadOnlySpan<float> onnxOutputs = onnxBatch.Run(inputs.AsSpan(0, batch * inSize));
            for (int s = 0; s < batch; s++)
            {
                network.Forward(inputs.AsSpan(s * inSize, inSize), expected);
                batchForward = Math.Max(batchForward, MaxAbsDiff(expected, batchOutputs.AsSpan(s * outSize, outSize)));
                onnxBatchForward = Math.Max(onnxBatchForward, MaxAbsDiff(expected, onnxOutputs.Slice(s * outSize, outSize)));
            }
        }

        check.Compare($"{name}: {batch}-row ForwardBatch vs Forward", batchForward, ForwardTolerance);
        check.Compare($"{name}: {batch}-row batch, ONNX Runtime vs CompiledNet", onnxBatchForward, ForwardTolerance);

        // One per-sample SGD step on sample 0.
        float[] compiledStep = CompiledNetStep(network, initial, inputs, targets, inSize, outSize, 1, spec.LearningRate);
        plain.LoadParameters(initial);
        plain.TrainSample(inputs.AsSpan(0, inSize), targets.AsSpan(0, outSize), spec.LearningRate);
        float[] plainStep = Parameters(plain, initial.Length);
        check.Compare($"{name}: one per-sample SGD step, plain C# vs CompiledNet (largest update {MaxAbsDiff(compiledStep, initial):0.00e+00})", MaxAbsDiff(compiledStep, plainStep), StepTolerance);

        // One mini-batch step over the first `batch` samples.
        float[] compiledBatch = CompiledNetStep(network, initial, inputs, targets, inSize, outSize, batch, spec.LearningRate);
        plain.LoadParameters(initial);
        plain.TrainBatch(inputs.AsSpan(0, batch * inSize), targets.AsSpan(0, batch * outSize), batch, spec.LearningRate);
        float[] plainBatch = Parameters(plain, initial.Length);
        check.Compare($"{name}: one {batch}-sample mini-batch step, plain C# vs CompiledNet (largest update {MaxAbsDiff(compiledBatch, initial):0.00e+00})", MaxAbsDiff(compiledBatch, plainBatch), StepTolerance);

        if (!FannNative.IsAvailable)
        {
            check.Skip($"{name}: FANN ({FannNative.UnavailableReason})");
            return;
        }

        // FANN: against CompiledNet where it runs the same model, else against the plain MLP running FANN's model.
        WorkloadSpec model = fannSpec ?? spec;
        string reference = fannSpec is null ? "CompiledNet" : $"plain C# running FANN's model ({string.Join("/", fannSpec.Layers.Select(x => x.Activation))}, MSE)";
        float[] referenceStep = compiledStep;
        float[] referenceBatch = compiledBatch;
        Func<int, float[]> referenceForward = s =>
        {
            var y = new float[outSize];
            initial.CopyTo(network.Parameters);
            network.Forward(inputs.AsSpan(s * inSize, inSize), y);
            return y;
        };
        if (fannSpec is not null)
        {
            var fannModel = new PlainMlp(fannSpec);
            fannModel.LoadParameters(initial);
            fannModel.TrainSample(inputs.AsSpan(0, inSize), targets.AsSpan(0, outSize), fannSpec.LearningRate);
            referenceStep = Parameters(fannModel, initial.Length);
            fannModel.LoadParameters(initial);
            fannModel.TrainBatch(inputs.AsSpan(0, batch * inSize), targets.AsSpan(0, batch * outSize), batch, fannSpec.LearningRate);
            referenceBatch = Parameters(fannModel, initial.Length);
            referenceForward = s =>
            {
                var y = new float[outSize];
                fannModel.LoadParameters(initial);
                fannModel.Forward(inputs.AsSpan(s * inSize, inSize), y);
                return y;
            };
        }

        using (var fann = new FannNetwork(model, batchTraining: false))
        {
            fann.SetParameters(initial, batchTraining: false);
            float fannForward = 0f;
            for (int s = 0; s < Math.Min(CheckedSamples, count); s++)
            {
                fann.Run(inputs.AsSpan(s * inSize, inSize), actual);
                fannForward = Math.Max(fannForward, MaxAbsDiff(referenceForward(s), actual));
            }

            check.Compare($"{name}: forward, FANN vs {reference}", fannForward, ForwardTolerance);

            unsafe
            {
                fixed (float* x = inputs, t = targets)
                {
                    fann.Train(x, t);
                }
            }

            var fannStep = new float[initial.Length];
            fann.GetParameters(fannStep);
            check.Compare($"{name}: one fann_train step (η_FANN = 2η/outputs = {fann.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}), FANN vs {reference}", MaxAbsDiff(fannStep, referenceStep), StepTolerance);
        }

        using (var fann = new FannNetwork(model, batchTraining: true))
        using (var data = new FannTrainData(inputs, targets, 0, batch, inSize, outSize))
        {
            fann.SetParameters(initial, batchTraining: true);
            fann.TrainEpoch(data);
            var fannBatch = new float[initial.Length];
            fann.GetParameters(fannBatch);
            check.Compare($"{name}: one FANN_TRAIN_BATCH fann_train_epoch over {batch} samples, FANN vs {reference}", MaxAbsDiff(fannBatch, referenceBatch), StepTolerance);
        }
    }

    /// <summary>
    /// A baked network: its compiled-in parameters must be those <c>--write-baked-models</c> writes (else the checked-in
    /// weight file is stale), and ForwardFrozen must agree with Forward on the benchmark's 1,024 inputs within 1e-6.
    /// </summary>
    private static void CheckBaked<TNetwork>(Checker check, string name, ReadOnlySpan<float> baked, float[] expected, string file, TNetwork network, float[] inputs, FrozenForward<TNetwork> forwardFrozen)
        where TNetwork : INetwork<float>
    {
        check.Compare($"{name}: BakedParameters vs the parameters --write-baked-models writes to {file}", MaxAbsDiff(baked, expected), 0f);
        int inSize = network.InputSize;
        var forward = new float[network.OutputSize];
        var frozen = new float[network.OutputSize];
        float difference = 0f;
        for (int s = 0; s < inputs.Length / inSize; s++)
        {
            network.Forward(inputs.AsSpan(s * inSize, inSize), forward);
            forwardFrozen(network, inputs.AsSpan(s * inSize, inSize), frozen);
            difference = Math.Max(difference, MaxAbsDiff(forward, frozen));
        }

        check.Compare($"{name}: ForwardFrozen vs Forward on {inputs.Length / inSize} inputs", difference, StepTolerance);
    }

    private delegate void FrozenForward<in TNetwork>(TNetwork network, ReadOnlySpan<float> input, Span<float> output);

    private static float[] CompiledNetStep<TNetwork>(TNetwork network, float[] initial, float[] inputs, float[] targets, int inSize, int outSize, int batch, float learningRate)
        where TNetwork : INetwork<float>
    {
        initial.CopyTo(network.Parameters);
        var sgd = new Sgd<float>(learningRate);
        network.ZeroGradients();
        for (int s = 0; s < batch; s++)
        {
            network.Backward(inputs.AsSpan(s * inSize, inSize), targets.AsSpan(s * outSize, outSize));
        }

        sgd.Step(network.Parameters, network.Gradients, 1f / batch);
        return network.Parameters.ToArray();
    }

    private static float[] Parameters(PlainMlp plain, int count)
    {
        var parameters = new float[count];
        plain.CopyParametersTo(parameters);
        return parameters;
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return float.PositiveInfinity;
        }

        float max = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            float d = MathF.Abs(a[i] - b[i]);
            if (!(d <= max))
            {
                max = float.IsNaN(d) ? float.PositiveInfinity : d;
            }
        }

        return max;
    }

    private sealed class Checker(TextWriter log)
    {
        public int Passed { get; private set; }

        public int Failures { get; private set; }

        public void Compare(string what, float difference, float tolerance)
        {
            bool ok = difference <= tolerance;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(ok ? "ok  " : "FAIL")} {what}: max |difference| = {difference:0.00e+00} (tolerance {tolerance:0e+00})"));
            if (ok)
            {
                Passed++;
            }
            else
            {
                Failures++;
            }
        }

        public void Skip(string what) => log.WriteLine($"  skip {what}");
    }
}
