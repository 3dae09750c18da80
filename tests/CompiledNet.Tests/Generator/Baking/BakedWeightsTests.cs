using System;
using System.Linq;
using CompiledNet.Tests.Persistence;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// [Network(Weights = ...)]: a weight file compiled into the network equals, bit for bit, the same file loaded at run
/// time with WeightFile.Load, and the members it adds behave as documented.
/// </summary>
public sealed class BakedWeightsTests
{
    private static readonly float[] Inputs = { 0.5f, -1.25f, 2f, -0.75f, 0f, 3.5f, 1e-3f, -2.5f, 0.125f };

    [Fact]
    public void Float_network_is_bit_identical_to_the_file_loaded_at_run_time()
    {
        using var project = new ProjectFiles();
        var saved = new PersistFloatNet(seed: 7);
        WriteAwkwardValues(saved.Parameters);
        project.Write("models/net.cnet", SaveToBytes(saved));

        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"models/net.cnet\""), project);
        var loaded = new PersistFloatNet();
        WeightFile.Load(Path(project, "models/net.cnet"), loaded);

        Assert.Equal(Bits(loaded.Parameters), Bits(baked.Parameters));
        Assert.Equal(Bits(loaded.Parameters), Bits(BakedNetworks.ReadSpanProperty<float>(baked.GetType(), "BakedParameters")));
        for (int row = 0; row < Inputs.Length / 3; row++)
        {
            Assert.Equal(Bits(Forward(loaded, Inputs.AsSpan(row * 3, 3))), Bits(Forward(baked, Inputs.AsSpan(row * 3, 3))));
        }
    }

    [Fact]
    public void Double_network_is_bit_identical_to_the_file_loaded_at_run_time()
    {
        using var project = new ProjectFiles();
        var saved = new PersistDoubleNet(seed: 3);
        saved.Parameters[0] = -0.0;
        saved.Parameters[1] = double.Epsilon;
        saved.Parameters[2] = 0.1;
        saved.Parameters[3] = 1.0 / 3.0;
        saved.Parameters[4] = -123456.789e-7;
        project.Write("net.cnet", SaveToBytes(saved));

        INetwork<double> baked = BakedNetworks.Create<double>(BakedNetworks.FloatNet("\"net.cnet\"", network: "Precision = Precision.Double, "), project);
        var loaded = new PersistDoubleNet();
        WeightFile.Load(Path(project, "net.cnet"), loaded);

        Assert.Equal(loaded.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), baked.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
        var input = new[] { 0.25, -1.5, 2.0 };
        var expected = new double[2];
        var actual = new double[2];
        loaded.Forward(input, expected);
        baked.Forward(input, actual);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Constructors_start_from_the_baked_weights_and_a_seed_replaces_them()
    {
        using var project = new ProjectFiles();
        var saved = new PersistFloatNet(seed: 11);
        project.Write("net.cnet", SaveToBytes(saved));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"net.cnet\""), project);

        var second = (INetwork<float>)Activator.CreateInstance(baked.GetType())!;
        var seeded = (INetwork<float>)Activator.CreateInstance(baked.GetType(), 0)!;

        Assert.Equal(Bits(saved.Parameters), Bits(second.Parameters));
        Assert.Equal(Bits(new PersistFloatNet(seed: 0).Parameters), Bits(seeded.Parameters));
    }

    [Fact]
    public void RestoreBakedParameters_undoes_training()
    {
        using var project = new ProjectFiles();
        var saved = new PersistFloatNet(seed: 5);
        project.Write("net.cnet", SaveToBytes(saved));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"net.cnet\""), project);

        for (int step = 0; step < 20; step++)
        {
            baked.TrainSample(new[] { 1f, -1f, 0.5f }, new[] { 1f, 0f }, 0.5f);
        }

        Assert.NotEqual(Bits(saved.Parameters), Bits(baked.Parameters));
        var restore = baked.GetType().GetMethod("RestoreBakedParameters")!.CreateDelegate<Action>(baked);
        restore();
        Assert.Equal(Bits(saved.Parameters), Bits(baked.Parameters));
        Assert.Equal(0, AllocationMeter.Measure(restore, warmUpRounds: 3));
    }

    [Fact]
    public void Predict_applies_the_saved_scaler_before_Forward()
    {
        using var project = new ProjectFiles();
        var saved = new PersistFloatNet(seed: 9);
        var scaler = new FeatureScaler<float>(ScalingKind.Standardize, new[] { 10f, -2f, 0.5f }, new[] { 0.25f, 3f, 1.5f });
        project.Write("scaled.cnet", SaveToBytes(saved, scaler));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"scaled.cnet\""), project);

        var bakedScaler = (FeatureScaler<float>)baked.GetType().GetProperty("BakedScaler")!.GetValue(null)!;
        Assert.Equal(ScalingKind.Standardize, bakedScaler.Kind);
        Assert.Equal(scaler.Offsets, bakedScaler.Offsets);
        Assert.Equal(scaler.Scales, bakedScaler.Scales);

        float[] raw = { 12f, -5f, 0.75f };
        var scaled = new float[3];
        scaler.Transform(raw, scaled);
        float[] expected = Forward(saved, scaled);
        var predicted = new float[2];
        var predict = baked.GetType().GetMethod("Predict")!.CreateDelegate<SpanAction>(baked);
        predict(raw, predicted);
        Assert.Equal(Bits(expected), Bits(predicted));
        Assert.Equal(0, AllocationMeter.Measure(() => predict(raw, predicted), warmUpRounds: 3));

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => predict(new float[4], predicted));
        Assert.Contains("4", error.Message, StringComparison.Ordinal);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictBatch_is_ForwardBatch_on_scaled_rows_agrees_with_Predict_and_allocates_nothing()
    {
        using var project = new ProjectFiles();
        var scaler = new FeatureScaler<float>(ScalingKind.Standardize, new[] { 10f, -2f, 0.5f }, new[] { 0.25f, 3f, 1.5f });
        project.Write("scaled.cnet", SaveToBytes(new PersistFloatNet(seed: 9), scaler));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"scaled.cnet\""), project);
        var predict = baked.GetType().GetMethod("Predict")!.CreateDelegate<SpanAction>(baked);
        var predictBatch = baked.GetType().GetMethod("PredictBatch")!.CreateDelegate<SpanAction>(baked);

        // 150 rows span three of its 64-row chunks; unwritten outputs stay NaN and fail the comparison.
        const int Rows = 150;
        var random = new Random(21);
        float[] raw = Enumerable.Range(0, Rows * 3).Select(_ => (float)((random.NextDouble() * 40) - 20)).ToArray();
        float[] batched = Enumerable.Repeat(float.NaN, Rows * 2).ToArray();
        predictBatch(raw, batched);
        var scaled = new float[raw.Length];
        scaler.TransformRows(raw, scaled);
        var expected = new float[Rows * 2];
        baked.ForwardBatch(scaled, expected);
        Assert.Equal(Bits(expected), Bits(batched));

        // Against Predict one row at a time: ForwardBatch's kernels may round differently from Forward's.
        var single = new float[2];
        for (int row = 0; row < Rows; row++)
        {
            predict(raw.AsSpan(row * 3, 3), single);
            for (int k = 0; k < 2; k++)
            {
                float actual = batched[(row * 2) + k];
                Assert.True(Math.Abs(single[k] - actual) <= 1e-6f + (1e-5f * Math.Abs(single[k])), $"row {row}, output {k}: {single[k]} against {actual}");
            }
        }

        predictBatch(ReadOnlySpan<float>.Empty, Span<float>.Empty);
        Assert.Equal(0, AllocationMeter.Measure(() => predictBatch(raw, batched), warmUpRounds: 3));
        var partial = Assert.ThrowsAny<ArgumentException>(() => predictBatch(new float[7], new float[4]));
        Assert.Equal("features", partial.ParamName);
        Assert.Contains("features holds 7 values, which is not a whole number of 3-value rows", partial.Message, StringComparison.Ordinal);
        var outputs = Assert.ThrowsAny<ArgumentException>(() => predictBatch(new float[6], new float[3]));
        Assert.Contains("outputs holds 3 values, but 2 rows of 2 outputs need 4", outputs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_Predict_applies_the_saved_scaler_bit_for_bit()
    {
        using var project = new ProjectFiles();
        var saved = new PersistDoubleNet(seed: 4);
        var scaler = new FeatureScaler<double>(ScalingKind.MinMax, new[] { 0.1, -3.0, 7.5 }, new[] { 1.0 / 3.0, 2.0, 0.125 });
        project.Write("scaled.cnet", SaveToBytes(saved, scaler));
        INetwork<double> baked = BakedNetworks.Create<double>(BakedNetworks.FloatNet("\"scaled.cnet\"", network: "Precision = Precision.Double, "), project);

        double[] raw = { 2.5, -1.0, 9.0 };
        var scaled = new double[3];
        scaler.Transform(raw, scaled);
        var expected = new double[2];
        saved.Forward(scaled, expected);
        var predicted = new double[2];
        baked.GetType().GetMethod("Predict")!.CreateDelegate<DoubleSpanAction>(baked)(raw, predicted);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), predicted.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void A_native_export_shares_an_instance_that_starts_from_the_baked_weights()
    {
        using var project = new ProjectFiles();
        var saved = new PersistFloatNet(seed: 8);
        project.Write("net.cnet", SaveToBytes(saved));
        string source = BakedNetworks.FloatNet("\"net.cnet\"").Replace("[Input(3)]", "[NativeExport(\"baked\")]\n[Input(3)]", StringComparison.Ordinal);
        INetwork<float> baked = BakedNetworks.Create<float>(source, project);

        // The exports' shared instance is new(): read its parameters back through the C entry point.
        Type exports = baked.GetType().GetNestedType("NativeExports")!;
        var parameters = new float[saved.Parameters.Length];
        IntPtr destination = System.Runtime.InteropServices.Marshal.AllocHGlobal(parameters.Length * sizeof(float));
        try
        {
            // An UnmanagedCallersOnly method may only be called from native code: call it through its function pointer.
            IntPtr entryPoint = exports.GetMethod("GetParameters")!.MethodHandle.GetFunctionPointer();
            var getParameters = System.Runtime.InteropServices.Marshal.GetDelegateForFunctionPointer<NativeGetParameters>(entryPoint);
            Assert.Equal(0, getParameters(destination, parameters.Length));
            System.Runtime.InteropServices.Marshal.Copy(destination, parameters, 0, parameters.Length);
        }
        finally
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(destination);
        }

        Assert.Equal(Bits(saved.Parameters), Bits(parameters));
    }

    [Fact]
    public void Without_a_saved_scaler_there_is_no_Predict()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", SaveToBytes(new PersistFloatNet(seed: 1)));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"net.cnet\""), project);

        Assert.Null(baked.GetType().GetMethod("Predict"));
        Assert.Null(baked.GetType().GetMethod("PredictBatch"));
        Assert.Null(baked.GetType().GetProperty("BakedScaler"));
        Assert.NotNull(baked.GetType().GetMethod("RestoreBakedParameters"));
    }

    [Theory]
    [InlineData("Tanh", "Sigmoid")]
    [InlineData("Sigmoid", "Sigmoid")]   // the hidden layer is a vector layer (one Vector128, FastSigmoid)
    [InlineData("ReLU", "Linear")]
    public void ForwardFrozen_equals_Forward_bit_for_bit_and_ignores_later_training(string hidden, string output)
    {
        using var project = new ProjectFiles();
        string Declaration(string? weights) => BakedNetworks.CompactNet(weights)
            .Replace("Activation.Tanh", "Activation." + hidden, StringComparison.Ordinal)
            .Replace("Activation.Sigmoid)]\npublic", $"Activation.{output})]\npublic", StringComparison.Ordinal);
        Type unbaked = BakedNetworks.Create<float>(Declaration(weights: null), project).GetType();
        var saved = (INetwork<float>)Activator.CreateInstance(unbaked, 13)!;
        new SeededRandom(14).FillUniform(saved.Parameters.Slice(8, 4), 0.5);
        project.Write("net.cnet", SaveToBytes(saved));
        INetwork<float> baked = BakedNetworks.Create<float>(Declaration("\"net.cnet\""), project);
        var frozen = baked.GetType().GetMethod("ForwardFrozen")!.CreateDelegate<SpanAction>(baked);

        var random = new Random(4);
        var result = new float[1];
        for (int sample = 0; sample < 500; sample++)
        {
            float[] input = { (float)((random.NextDouble() * 8) - 4), (float)((random.NextDouble() * 8) - 4) };
            frozen(input, result);
            Assert.Equal(Bits(Forward(saved, input)), Bits(result));
        }

        float[] probe = { 1f, -1f };
        float[] before = Forward(saved, probe);
        baked.TrainSample(probe, new[] { 1f }, 5f);
        Assert.NotEqual(Bits(before), Bits(Forward(baked, probe)));
        frozen(probe, result);
        Assert.Equal(Bits(before), Bits(result));
        Assert.Equal(0, AllocationMeter.Measure(() => frozen(probe, result), warmUpRounds: 3));
    }

    [Fact]
    public void Only_a_compact_network_gets_ForwardFrozen()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", SaveToBytes(new PersistFloatNet(seed: 1)));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"net.cnet\""), project);

        Assert.Null(baked.GetType().GetMethod("ForwardFrozen"));
    }

    [Fact]
    public void Reading_BakedParameters_allocates_nothing()
    {
        using var project = new ProjectFiles();
        project.Write("net.cnet", SaveToBytes(new PersistFloatNet(seed: 2)));
        INetwork<float> baked = BakedNetworks.Create<float>(BakedNetworks.FloatNet("\"net.cnet\""), project);
        var read = baked.GetType().GetProperty("BakedParameters")!.GetMethod!.CreateDelegate<BakedNetworks.SpanGetter<float>>();

        float sum = 0;
        Assert.Equal(0, AllocationMeter.Measure(() => sum += read()[0], warmUpRounds: 3));
    }

    internal delegate void SpanAction(ReadOnlySpan<float> input, Span<float> output);

    internal delegate void DoubleSpanAction(ReadOnlySpan<double> input, Span<double> output);

    [System.Runtime.InteropServices.UnmanagedFunctionPointer(System.Runtime.InteropServices.CallingConvention.Cdecl)]
    internal delegate int NativeGetParameters(IntPtr destination, int length);

    internal static byte[] SaveToBytes<T>(INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        WeightFile.Serialize(network, scaler is null ? null : new ScalerSection<T>((byte)scaler.Kind, scaler.Offsets.ToArray(), scaler.Scales.ToArray()));

    private static string Path(ProjectFiles project, string relative) => System.IO.Path.Combine(project.Directory, relative);

    /// <summary>Values whose literals are easy to get wrong: negative zero, the smallest subnormal, the largest float, a long fraction.</summary>
    private static void WriteAwkwardValues(Span<float> parameters)
    {
        parameters[0] = -0f;
        parameters[1] = float.Epsilon;
        parameters[2] = float.MaxValue / 1e30f;
        parameters[3] = 1f / 3f;
        parameters[4] = -1.17549435E-38f;
        parameters[5] = 0.1f;
    }

    private static float[] Forward(INetwork<float> network, ReadOnlySpan<float> input)
    {
        var output = new float[network.OutputSize];
        network.Forward(input, output);
        return output;
    }

    private static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
