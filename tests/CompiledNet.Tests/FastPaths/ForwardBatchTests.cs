using System;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using CompiledNet.Tests.Convolution;
using CompiledNet.Tests.Gradients;
using CompiledNet.Tests.Training;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// ForwardBatch against Forward: every row of a batch must get the output Forward gives it alone, up to float rounding
/// (the matrix kernels sum in another order), in any row count, chunk boundaries included.
/// </summary>
public sealed class ForwardBatchTests
{
    // Row counts around the kernels' four-row blocks and the 64-row chunks ForwardBatch cuts a batch into.
    private static readonly int[] RowCounts = [0, 1, 3, 4, 5, 63, 64, 65, 131];

    public static TheoryData<string> Names => TestNetworks.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_row_gets_Forwards_output(string name)
    {
        NetworkCase networkCase = TestNetworks.Get(name);
        var random = new Random(SampleData.StableSeed(name) + 17);
        INetwork<float> network = SampleData.CreateWith(networkCase, SampleData.Parameters(networkCase.Reference, random));
        foreach (int rows in RowCounts)
        {
            AssertRowsMatchForward(network, rows, random, relative: 1e-5, absolute: 1e-6, $"{name}, {rows} rows");
        }
    }

    [Fact]
    public void A_compact_network_gives_Forwards_output_bit_for_bit()
    {
        // XorNetwork is compact: its ForwardBatch is the straight-line Forward row after row.
        var network = new XorNetwork(5);
        float[] inputs = RandomValues(new Random(3), 37 * 2);
        var outputs = new float[37];
        network.ForwardBatch(inputs, outputs);
        var expected = new float[1];
        for (int row = 0; row < 37; row++)
        {
            network.Forward(inputs.AsSpan(row * 2, 2), expected);
            Assert.Equal(expected[0], outputs[row]);
        }
    }

    [Fact]
    public void A_wide_network_agrees_with_Forward_across_chunks()
    {
        // 784 → 256 → 10: the kernels' 4×2 blocks and their remainders, over two full chunks and a partial one.
        var network = new DigitNetwork(9);
        AssertRowsMatchForward(network, 150, new Random(4), relative: 1e-5, absolute: 1e-6, "DigitNetwork");
    }

    [Theory]
    [MemberData(nameof(ConvCases.FloatNames), MemberType = typeof(ConvCases))]
    public void A_convolutional_network_agrees_with_Forward_and_skips_dropout(string name)
    {
        ConvCase convCase = ConvCases.Get(name);
        INetwork<float> network = convCase.CreateFloat();
        ulong dropoutBefore = network.ReserveDropoutSamples(0);
        AssertRowsMatchForward(network, name == "FashionCnn" ? 3 : 9, new Random(SampleData.StableSeed(name)), relative: 1e-5, absolute: 1e-6, name);

        // Inference draws no dropout masks: the generator's position is where it was.
        Assert.Equal(dropoutBefore, network.ReserveDropoutSamples(0));
    }

    [Fact]
    public void A_double_network_agrees_with_Forward_to_double_rounding()
    {
        INetwork<double> network = new DoubleCnn();
        var random = new Random(8);
        double[] inputs = Enumerable.Range(0, 7 * network.InputSize).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var outputs = new double[7 * network.OutputSize];
        network.ForwardBatch(inputs, outputs);
        var expected = new double[network.OutputSize];
        for (int row = 0; row < 7; row++)
        {
            network.Forward(inputs.AsSpan(row * network.InputSize, network.InputSize), expected);
            Tolerance.AllClose(outputs.AsSpan(row * network.OutputSize, network.OutputSize), expected, relative: 1e-13, absolute: 1e-14, $"DoubleCnn row {row}");
        }
    }

    [Fact]
    public void Many_threads_get_the_results_one_thread_gets()
    {
        var network = new DigitNetwork(2);
        var random = new Random(6);
        float[][] batches = Enumerable.Range(0, 8).Select(_ => RandomValues(random, 70 * 784)).ToArray();
        float[][] alone = batches.Select(batch =>
        {
            var outputs = new float[70 * 10];
            network.ForwardBatch(batch, outputs);
            return outputs;
        }).ToArray();

        var together = new float[batches.Length][];
        Parallel.For(0, batches.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int batch = i % batches.Length;
            var outputs = new float[70 * 10];
            network.ForwardBatch(batches[batch], outputs);
            Assert.Equal(alone[batch], outputs);
            together[batch] = outputs;
        });

        Assert.All(together, Assert.NotNull);
    }

    [Fact]
    public void It_allocates_nothing_once_warm()
    {
        var dense = new DigitNetwork(1);
        float[] inputs = RandomValues(new Random(1), 100 * 784);
        var outputs = new float[100 * 10];
        Assert.Equal(0, AllocationMeter.Measure(() => dense.ForwardBatch(inputs, outputs)));

        var cnn = new TinyCnn();
        float[] images = RandomValues(new Random(2), 5 * TinyCnn.InputSize);
        var scores = new float[5 * TinyCnn.OutputSize];
        Assert.Equal(0, AllocationMeter.Measure(() => cnn.ForwardBatch(images, scores)));

        var compact = new XorNetwork(1);
        var xor = new float[8];
        var xorOutputs = new float[4];
        Assert.Equal(0, AllocationMeter.Measure(() => compact.ForwardBatch(xor, xorOutputs)));
    }

    [Fact]
    public void It_rejects_partial_rows_and_a_wrong_output_length_naming_the_numbers()
    {
        var network = new DigitNetwork(1);
        var partial = Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[784 + 5], new float[10]));
        Assert.Equal("inputs", partial.ParamName);
        Assert.Contains("789", partial.Message);
        Assert.Contains("784", partial.Message);

        var wrongOutputs = Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[3 * 784], new float[20]));
        Assert.Equal("outputs", wrongOutputs.ParamName);
        Assert.Contains("holds 20 values, but 3 rows of 10 outputs need 30", wrongOutputs.Message);
    }

    [Fact]
    public void A_hand_written_network_gets_Forward_row_after_row()
    {
        // INetwork's default ForwardBatch, which a network without a generated one (a wrapper, a test double) runs.
        INetwork<float> inner = new DigitNetwork(3);
        INetwork<float> wrapper = new PassThroughNetwork(inner);
        float[] inputs = RandomValues(new Random(5), 6 * 784);
        var outputs = new float[60];
        wrapper.ForwardBatch(inputs, outputs);
        var expected = new float[10];
        for (int row = 0; row < 6; row++)
        {
            inner.Forward(inputs.AsSpan(row * 784, 784), expected);
            Assert.Equal(expected, outputs.AsSpan(row * 10, 10).ToArray());
        }

        Assert.Throws<ArgumentException>(() => wrapper.ForwardBatch(new float[784], new float[9]));
    }

    private static void AssertRowsMatchForward(INetwork<float> network, int rows, Random random, double relative, double absolute, string what)
    {
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        float[] inputs = RandomValues(random, rows * inputSize);

        // NaN everywhere first, so a row the batch forgets to write cannot pass.
        float[] outputs = Enumerable.Repeat(float.NaN, rows * outputSize).ToArray();
        network.ForwardBatch(inputs, outputs);
        var expected = new float[outputSize];
        for (int row = 0; row < rows; row++)
        {
            network.Forward(inputs.AsSpan(row * inputSize, inputSize), expected);
            Tolerance.AllClose(outputs.AsSpan(row * outputSize, outputSize), SampleData.ToDouble(expected), relative, absolute, $"{what}, row {row}");
        }
    }

    private static float[] RandomValues(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

    private sealed class PassThroughNetwork(INetwork<float> inner) : ForwardingNetwork(inner);
}
