using System;
using System.Linq;
using CompiledNet.Tests.Gradients;
using CompiledNet.Tests.Training;
using Xunit;

namespace CompiledNet.Tests.Fitting;

/// <summary>
/// Evaluate and PredictClasses run ForwardBatch a chunk of rows at a time: over several chunks they must give what
/// Forward gives row by row.
/// </summary>
public sealed class BatchedEvaluationTests
{
    // Two full 256-row chunks and a partial one.
    private const int Rows = 600;

    [Fact]
    public void Evaluate_over_several_chunks_agrees_with_Forward_row_by_row()
    {
        var network = new DigitNetwork(4);
        (float[] inputs, int[] labels) = Data(network, new Random(12));
        DataSet<float> data = DataSet<float>.FromLabels(inputs, 784, labels, 10);
        Evaluation evaluation = Evaluator.Evaluate(network, data);

        double loss = 0;
        int correct = 0;
        var output = new float[10];
        for (int row = 0; row < Rows; row++)
        {
            network.Forward(data.Input(row), output);
            loss -= Math.Log(output[labels[row]]);
            correct += Evaluator.ArgMax<float>(output) == labels[row] ? 1 : 0;
        }

        Assert.Equal(Rows, evaluation.Count);
        Tolerance.Close(evaluation.Loss, loss / Rows, relative: 1e-5, absolute: 1e-7, "mean cross-entropy");
        Assert.Equal((double)correct / Rows, evaluation.Accuracy);
    }

    [Fact]
    public void PredictClasses_gives_the_largest_output_of_each_row()
    {
        var network = new DigitNetwork(6);
        (float[] inputs, _) = Data(network, new Random(13));
        int[] classes = Enumerable.Repeat(-1, Rows).ToArray();
        Evaluator.PredictClasses<float>(network, inputs, classes);

        var output = new float[10];
        for (int row = 0; row < Rows; row++)
        {
            network.Forward(inputs.AsSpan(row * 784, 784), output);
            Assert.Equal(Evaluator.ArgMax<float>(output), classes[row]);
        }

        // The random network does not answer one class for everything, so a constant answer would fail above.
        Assert.True(classes.Distinct().Count() > 1);
    }

    [Fact]
    public void PredictClasses_thresholds_a_single_output_at_one_half()
    {
        var network = new LogisticRegressionNet(3);
        var random = new Random(14);
        float[] inputs = Enumerable.Range(0, 300 * 4).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray();
        var classes = new int[300];
        Evaluator.PredictClasses<float>(network, inputs, classes);

        var output = new float[1];
        for (int row = 0; row < 300; row++)
        {
            network.Forward(inputs.AsSpan(row * 4, 4), output);
            Assert.Equal(output[0] >= 0.5f ? 1 : 0, classes[row]);
        }

        Assert.Contains(0, classes);
        Assert.Contains(1, classes);
    }

    [Fact]
    public void PredictClasses_allocates_nothing_once_warm_and_names_a_wrong_length()
    {
        var network = new DigitNetwork(1);
        (float[] inputs, _) = Data(network, new Random(15));
        var classes = new int[Rows];
        Assert.Equal(0, AllocationMeter.Measure(() => Evaluator.PredictClasses<float>(network, inputs, classes)));

        var error = Assert.Throws<ArgumentException>(() => Evaluator.PredictClasses<float>(network, inputs, new int[Rows - 1]));
        Assert.Equal("classes", error.ParamName);
        Assert.Contains($"holds {Rows - 1} values, but {Rows} rows", error.Message);
    }

    private static (float[] Inputs, int[] Labels) Data(INetwork<float> network, Random random)
    {
        float[] inputs = Enumerable.Range(0, Rows * network.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, Rows).Select(_ => random.Next(network.OutputSize)).ToArray();
        return (inputs, labels);
    }
}
