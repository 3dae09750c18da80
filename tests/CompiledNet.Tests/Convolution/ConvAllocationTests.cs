using System;
using System.Collections.Generic;
using Xunit;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// Forward, Backward, TrainSample and BackwardBatch of convolutional networks with dropout allocate nothing once warm:
/// DropoutCnn keeps its buffers on the stack, FashionCnn's are too large for it and come from the array pool.
/// </summary>
public sealed class ConvAllocationTests
{
    [Theory]
    [InlineData("DropoutCnn")]
    [InlineData("FashionCnn")]
    public void The_per_sample_and_batch_methods_allocate_nothing_once_warm(string name)
    {
        INetwork<float> network = name == "DropoutCnn" ? new DropoutCnn(seed: 1) : new FashionCnn(seed: 1);
        const int Rows = 4;
        var random = new Random(2);
        float[] inputs = new float[Rows * network.InputSize];
        float[] targets = new float[Rows * network.OutputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble();
        }

        for (int row = 0; row < Rows; row++)
        {
            targets[(row * network.OutputSize) + (row % network.OutputSize)] = 1;
        }

        float[] input = inputs[..network.InputSize], target = targets[..network.OutputSize];
        float[] output = new float[network.OutputSize], gradients = new float[network.ParameterCount];
        ulong positionBefore = GeneratedConvTests.DropoutPosition(network);

        var allocated = new Dictionary<string, long>
        {
            ["Forward"] = AllocationMeter.Measure(() => network.Forward(input, output)),
            ["Backward"] = AllocationMeter.Measure(() => network.Backward(input, target)),
            ["TrainSample"] = AllocationMeter.Measure(() => network.TrainSample(input, target, 1e-4f)),
            ["BackwardBatch"] = AllocationMeter.Measure(() => network.BackwardBatch(inputs, targets, gradients)),
        };

        Assert.All(allocated, method => Assert.True(method.Value == 0, $"{name}.{method.Key} allocated {method.Value} bytes once warm."));

        // The measured calls drew dropout masks: 4 Backward, 4 TrainSample and 4 batches of 4 rows.
        Assert.Equal(positionBefore + 24, GeneratedConvTests.DropoutPosition(network));
    }
}
