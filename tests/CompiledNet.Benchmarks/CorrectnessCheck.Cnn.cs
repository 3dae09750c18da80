using System;
using System.IO;

namespace CompiledNet.Benchmarks;

/// <summary>
/// W4: from the same parameters, <see cref="PlainCnn"/> and the generated <see cref="FashionCnnNoDropout"/> must agree
/// on Forward (within 1e-4) and on one batch-32 SGD step (within 1e-5 on every parameter: BackwardBatch and
/// Sgd.Step against PlainCnn.TrainBatch); <see cref="FashionCnn"/>'s Forward, where its dropout is the identity, must
/// equal the dropout-free network's.
/// </summary>
public static partial class CorrectnessCheck
{
    public const float CnnStepTolerance = 1e-5f;

    private static void CheckCnn(Checker check, TextWriter log)
    {
        const string Name = "W4 CNN";
        const int In = CnnWorkload.InputSize, Out = CnnWorkload.OutputSize, Batch = CnnWorkload.BatchSize;
        (float[] inputs, float[] targets, _, string source) = Workloads.FashionData(64);
        log.WriteLine($"  W4 data: {source}");
        float[] initial = CnnWorkload.InitialParameters(seed: 4);
        var network = new FashionCnnNoDropout();
        var dropoutNetwork = new FashionCnn();
        var plain = new PlainCnn(seed: 4);
        initial.CopyTo(network.Parameters);
        initial.CopyTo(dropoutNetwork.Parameters);
        plain.LoadParameters(initial);
        var expected = new float[Out];
        var actual = new float[Out];
        var dropoutOutput = new float[Out];
        float plainForward = 0f, dropoutForward = 0f;
        for (int s = 0; s < CheckedSamples; s++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan(s * In, In);
            network.Forward(input, expected);
            plain.Forward(input, actual);
            dropoutNetwork.Forward(input, dropoutOutput);
            plainForward = Math.Max(plainForward, MaxAbsDiff(expected, actual));
            dropoutForward = Math.Max(dropoutForward, MaxAbsDiff(expected, dropoutOutput));
        }

        check.Compare($"{Name}: forward, plain C# vs CompiledNet (no dropout)", plainForward, ForwardTolerance);
        check.Compare($"{Name}: forward, CompiledNet with Dropout(0.25) (the identity at inference) vs without", dropoutForward, StepTolerance);

        // One batch-32 step: what the epoch rows run per batch.
        var sgd = new Sgd<float>(CnnWorkload.LearningRate);
        network.ZeroGradients();
        network.BackwardBatch(inputs.AsSpan(0, Batch * In), targets.AsSpan(0, Batch * Out), network.Gradients);
        sgd.Step(network.Parameters, network.Gradients, 1f / Batch);
        plain.TrainBatch(inputs.AsSpan(0, Batch * In), targets.AsSpan(0, Batch * Out), Batch, CnnWorkload.LearningRate);
        float largestUpdate = MaxAbsDiff(network.Parameters, initial);
        check.Compare($"{Name}: one {Batch}-sample SGD step, plain C# TrainBatch vs CompiledNet BackwardBatch + Sgd.Step (largest update {largestUpdate:0.00e+00})", MaxAbsDiff(network.Parameters, plain.Parameters), CnnStepTolerance);
    }
}
