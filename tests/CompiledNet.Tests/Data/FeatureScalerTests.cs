using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Data;

public sealed class FeatureScalerTestsFloat : FeatureScalerTests<float>;

public sealed class FeatureScalerTestsDouble : FeatureScalerTests<double>;

/// <summary>Fitting on training data, applying to other data, and the guarantees each kind of scaling makes.</summary>
public abstract class FeatureScalerTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Features = 5;

    // Features on different scales and offsets, as real data has them.
    private static readonly DataSet<T> Data = Spread(DataSet<T>.FromLabels(DataTestValues<T>.RandomRows(120, Features, seed: 41), DataTestValues<T>.RandomLabels(120, 3, seed: 42), 3));

    private static T Tolerance => T.CreateChecked(typeof(T) == typeof(float) ? 1e-5 : 1e-12);

    [Fact]
    public void ScalingKind_keeps_the_numbers_stored_in_weight_files()
    {
        Assert.Equal(1, (int)ScalingKind.MinMax);
        Assert.Equal(2, (int)ScalingKind.Standardize);
    }

    [Fact]
    public void MinMax_maps_the_training_minimum_to_zero_and_every_training_value_into_zero_to_one()
    {
        (DataSet<T> train, _) = Data.Split(0.25, seed: 3);

        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(train);
        DataSet<T> scaled = scaler.Transform(train);

        Assert.Equal(ScalingKind.MinMax, scaler.Kind);
        Assert.Equal(Features, scaler.FeatureCount);
        for (int f = 0; f < Features; f++)
        {
            T[] column = Column(scaled, f);
            Assert.Equal(T.Zero, column.Min());
            Assert.InRange(column.Max(), T.BitDecrement(T.One), T.One);
            Assert.Equal(Column(train, f).Min(), scaler.Offsets[f]);
        }
    }

    [Fact]
    public void MinMax_maps_the_training_maximum_to_one_never_above_it_for_narrow_and_huge_ranges()
    {
        for (int range = 1; range <= 300; range++)
        {
            T max = T.CreateChecked(range) / T.CreateChecked(7);
            DataSet<T> train = DataSet<T>.FromRows([[T.Zero], [max]], [[T.Zero], [T.One]]);

            T scaledMax = FeatureScaler<T>.FitMinMax(train).Transform(train).Input(1)[0];

            // Exactly 1 whenever some scale near 1 / range gives it; otherwise the closest value below 1.
            T reciprocal = T.One / max;
            bool exact = max * T.BitDecrement(reciprocal) == T.One || max * reciprocal == T.One || max * T.BitIncrement(reciprocal) == T.One;
            Assert.Equal(exact ? T.One : T.BitDecrement(T.One), scaledMax);
        }

        // Ranges this wide have subnormal reciprocals, whose rounding can put range · (1 / range) above 1.
        for (int step = 0; step < 50; step++)
        {
            T max = MaxValue * V(0.5 + step / 100.0);
            DataSet<T> train = DataSet<T>.FromRows([[T.Zero], [max]], [[T.Zero], [T.One]]);

            T scaledMax = FeatureScaler<T>.FitMinMax(train).Transform(train).Input(1)[0];

            Assert.InRange(scaledMax, T.One - Tolerance, T.One);
        }

        DataSet<T> powerOfTwo = DataSet<T>.FromRows([[V(-3)], [V(1)]], [[T.Zero], [T.One]]);
        Assert.Equal(T.One, FeatureScaler<T>.FitMinMax(powerOfTwo).Transform(powerOfTwo).Input(1)[0]);
    }

    [Fact]
    public void Standardize_gives_zero_mean_and_unit_population_deviation_on_the_training_set()
    {
        (DataSet<T> train, _) = Data.Split(0.25, seed: 4);

        FeatureScaler<T> scaler = FeatureScaler<T>.FitStandardize(train);
        DataSet<T> scaled = scaler.Transform(train);

        Assert.Equal(ScalingKind.Standardize, scaler.Kind);
        for (int f = 0; f < Features; f++)
        {
            T[] column = Column(scaled, f);
            T mean = Mean(column);
            T variance = Mean(column.Select(x => (x - mean) * (x - mean)).ToArray());
            Assert.InRange(mean, -Tolerance, Tolerance);
            Assert.InRange(T.Sqrt(variance), T.One - Tolerance, T.One + Tolerance);
        }
    }

    [Fact]
    public void A_scaler_fitted_on_the_training_set_is_applied_unchanged_to_another_set()
    {
        DataSet<T> train = DataSet<T>.FromRows([[V(0), V(10)], [V(8), V(20)], [V(4), V(15)]], [[T.Zero], [T.One], [T.Zero]]);
        DataSet<T> test = DataSet<T>.FromRows([[V(16), V(10)], [V(-8), V(30)]], [[T.One], [T.Zero]]);

        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(train);
        DataSet<T> scaledTest = scaler.Transform(test);

        // Ranges [0, 8] and [10, 20] come from the training rows; test values outside them land outside [0, 1].
        Assert.Equal([V(2), V(0)], scaledTest.Input(0).ToArray());
        Assert.Equal(V(-1), scaledTest.Input(1)[0]);
        Assert.InRange(scaledTest.Input(1)[1], V(2) - Tolerance, V(2) + Tolerance);
        Assert.Equal(test.Targets.ToArray(), scaledTest.Targets.ToArray());
    }

    [Fact]
    public void Transform_of_a_data_set_applies_the_formula_to_every_row_and_shares_the_targets()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitStandardize(Data.Take(60));
        DataSet<T> other = Data.Subset(Enumerable.Range(60, 60).ToArray());

        DataSet<T> scaled = scaler.Transform(other);

        Assert.Equal(other.Count, scaled.Count);
        Assert.Equal(other.TargetSize, scaled.TargetSize);
        Assert.True(scaled.Targets.Span.Overlaps(other.Targets.Span));
        Assert.False(scaled.Inputs.Span.Overlaps(other.Inputs.Span));
        for (int i = 0; i < other.Count; i++)
        {
            for (int f = 0; f < Features; f++)
            {
                Assert.Equal((other.Input(i)[f] - scaler.Offsets[f]) * scaler.Scales[f], scaled.Input(i)[f]);
            }
        }
    }

    [Fact]
    public void Constant_features_get_scale_one_and_map_to_zero_with_either_kind()
    {
        T constant = V(0.1);
        DataSet<T> train = DataSet<T>.FromRows(
            [[constant, V(1)], [constant, V(2)], [constant, V(5)]], [[T.Zero], [T.One], [T.Zero]]);
        DataSet<T> test = DataSet<T>.FromRows([[V(7.5), V(3)]], [[T.One]]);

        foreach (FeatureScaler<T> scaler in new[] { FeatureScaler<T>.FitMinMax(train), FeatureScaler<T>.FitStandardize(train) })
        {
            Assert.Equal(T.One, scaler.Scales[0]);
            Assert.Equal(constant, scaler.Offsets[0]);
            Assert.All(Column(scaler.Transform(train), 0), x => Assert.Equal(T.Zero, x));
            Assert.Equal(V(7.5) - constant, scaler.Transform(test).Input(0)[0]);
            Assert.All(scaler.Transform(train).Inputs.ToArray(), x => Assert.True(T.IsFinite(x)));
        }
    }

    [Fact]
    public void Transform_of_one_row_equals_the_data_set_transform_and_may_work_in_place()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(Data);
        DataSet<T> scaled = scaler.Transform(Data);
        var output = new T[Features];
        var inPlace = new T[Features];

        for (int i = 0; i < Data.Count; i++)
        {
            scaler.Transform(Data.Input(i), output);
            Data.Input(i).CopyTo(inPlace);
            scaler.Transform(inPlace, inPlace);

            Assert.Equal(scaled.Input(i).ToArray(), output);
            Assert.Equal(output, inPlace);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(3)]
    public void Transform_of_one_row_is_right_when_output_overlaps_input_shifted(int shift)
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitStandardize(Data);
        var expected = new T[Features];
        scaler.Transform(Data.Input(0), expected);
        var buffer = new T[Features + Math.Abs(shift)];
        int inputStart = shift > 0 ? 0 : -shift;
        Data.Input(0).CopyTo(buffer.AsSpan(inputStart));

        scaler.Transform(buffer.AsSpan(inputStart, Features), buffer.AsSpan(inputStart + shift, Features));

        Assert.Equal(expected, buffer.AsSpan(inputStart + shift, Features).ToArray());
    }

    [Fact]
    public void Transform_of_one_row_allocates_nothing()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitStandardize(Data);
        var output = new T[Features];
        scaler.Transform(Data.Input(0), output);

        Assert.Equal(0, AllocationMeter.Measure(() =>
        {
            for (int i = 0; i < Data.Count; i++)
            {
                scaler.Transform(Data.Input(i), output);
                scaler.Transform(output, output);
            }
        }));
    }

    [Fact]
    public void TransformRows_scales_every_row_as_the_data_set_transform_in_place_or_not_and_allocates_nothing()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitStandardize(Data);
        T[] expected = scaler.Transform(Data).Inputs.ToArray();
        T[] inputs = Data.Inputs.ToArray();
        var outputs = new T[inputs.Length];

        scaler.TransformRows(inputs, outputs);
        Assert.Equal(expected, outputs);
        scaler.TransformRows(inputs, inputs);
        Assert.Equal(expected, inputs);
        scaler.TransformRows(ReadOnlySpan<T>.Empty, Span<T>.Empty);
        Data.Inputs.Span.CopyTo(inputs);
        Assert.Equal(0, AllocationMeter.Measure(() => scaler.TransformRows(inputs, outputs)));
    }

    [Fact]
    public void TransformRows_refuses_partial_rows_other_lengths_and_shifted_overlaps_with_the_numbers()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(Data);
        var buffer = new T[3 * Features];

        var partial = Assert.Throws<ArgumentException>(() => scaler.TransformRows(new T[12], new T[12]));
        Assert.Equal("inputs", partial.ParamName);
        Assert.Contains("12 values, which is not a whole number of 5-feature rows", partial.Message, StringComparison.Ordinal);
        var length = Assert.Throws<ArgumentException>(() => scaler.TransformRows(new T[10], new T[15]));
        Assert.Equal("outputs", length.ParamName);
        Assert.Contains("outputs holds 15 values, but 2 rows of 5 features need 10", length.Message, StringComparison.Ordinal);
        var shifted = Assert.Throws<ArgumentException>(() => scaler.TransformRows(buffer.AsSpan(0, 2 * Features), buffer.AsSpan(Features, 2 * Features)));
        Assert.Contains("shifted by 5 values", shifted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructor_round_trips_a_fitted_scaler_and_keeps_its_own_copies()
    {
        FeatureScaler<T> fitted = FeatureScaler<T>.FitStandardize(Data);
        T[] offsets = fitted.Offsets.ToArray();
        T[] scales = fitted.Scales.ToArray();

        var loaded = new FeatureScaler<T>(fitted.Kind, offsets, scales);
        offsets[0] += T.One;
        scales[0] += T.One;

        Assert.Equal(fitted.Kind, loaded.Kind);
        Assert.Equal(fitted.FeatureCount, loaded.FeatureCount);
        Assert.Equal(fitted.Offsets, loaded.Offsets);
        Assert.Equal(fitted.Scales, loaded.Scales);
        DataTestValues<T>.AssertSame(fitted.Transform(Data), loaded.Transform(Data));
        Assert.IsNotType<T[]>(loaded.Offsets);
    }

    [Fact]
    public void The_constructor_refuses_damaged_values_and_names_them()
    {
        AssertMessage("There are 3 offsets but 2 scales", () => new FeatureScaler<T>(ScalingKind.MinMax, new T[3], [T.One, T.One]));
        AssertMessage("at least one feature", () => new FeatureScaler<T>(ScalingKind.MinMax, [], []));
        AssertMessage("Offset 1 is NaN", () => new FeatureScaler<T>(ScalingKind.MinMax, [T.Zero, T.NaN], [T.One, T.One]));
        AssertMessage("Offset 0 is -Infinity", () => new FeatureScaler<T>(ScalingKind.Standardize, [T.NegativeInfinity], [T.One]));
        AssertMessage("Scale 1 is 0; scales must be finite and positive", () => new FeatureScaler<T>(ScalingKind.MinMax, new T[2], [T.One, T.Zero]));
        AssertMessage("Scale 0 is -2", () => new FeatureScaler<T>(ScalingKind.MinMax, new T[1], [V(-2)]));
        AssertMessage("Scale 0 is Infinity", () => new FeatureScaler<T>(ScalingKind.MinMax, new T[1], [T.PositiveInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureScaler<T>((ScalingKind)0, new T[1], [T.One]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureScaler<T>((ScalingKind)3, new T[1], [T.One]));
        Assert.Throws<ArgumentNullException>(() => new FeatureScaler<T>(ScalingKind.MinMax, null!, [T.One]));
        Assert.Throws<ArgumentNullException>(() => FeatureScaler<T>.FitMinMax(null!));
    }

    [Fact]
    public void Transform_refuses_data_of_another_width()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(Data);
        DataSet<T> narrow = DataSet<T>.FromRows([[T.One, T.One, T.One]], [[T.One]]);

        AssertMessage("The data set has 3 input values per row but the scaler was fitted on 5 features", () => scaler.Transform(narrow));
        AssertMessage("The span has 4 values but the scaler was fitted on 5 features", () =>
        {
            scaler.Transform(new T[4], new T[5]);
            return scaler;
        });
        var output = Assert.Throws<ArgumentException>(() => scaler.Transform(new T[5], new T[6]));
        Assert.Equal("output", output.ParamName);
    }

    [Fact]
    public void Transform_refuses_a_value_that_scales_past_the_largest_finite_number()
    {
        FeatureScaler<T> scaler = FeatureScaler<T>.FitMinMax(DataSet<T>.FromRows([[T.Zero], [V(0.5)]], [[T.Zero], [T.One]]));
        DataSet<T> huge = DataSet<T>.FromRows([[T.One], [MaxValue]], [[T.Zero], [T.One]]);

        AssertMessage("Scaling input row 1, column 0", () => scaler.Transform(huge));
    }

    [Fact]
    public void MinMax_refuses_a_range_wider_than_the_largest_finite_number()
    {
        DataSet<T> wide = DataSet<T>.FromRows([[T.One, -MaxValue], [T.Zero, MaxValue]], [[T.Zero], [T.One]]);

        AssertMessage("Feature 1 spans a range of Infinity", () => FeatureScaler<T>.FitMinMax(wide));
    }

    private static T MaxValue => T.BitDecrement(T.PositiveInfinity);

    private static T V(double value) => DataTestValues<T>.V(value);

    // Moves and stretches each feature differently: feature f becomes x · 10^(f-2) + 3f.
    private static DataSet<T> Spread(DataSet<T> data)
    {
        T[] inputs = data.Inputs.ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            int f = i % data.InputSize;
            inputs[i] = inputs[i] * V(Math.Pow(10, f - 2)) + V(3 * f);
        }

        return DataSet<T>.FromFlat(inputs, data.InputSize, data.Targets, data.TargetSize);
    }

    private static T[] Column(DataSet<T> data, int feature) =>
        Enumerable.Range(0, data.Count).Select(i => data.Input(i)[feature]).ToArray();

    private static T Mean(T[] values)
    {
        T sum = T.Zero;
        foreach (T value in values)
        {
            sum += value;
        }

        return sum / T.CreateChecked(values.Length);
    }

    private static void AssertMessage(string expected, Func<object> build)
    {
        var error = Assert.ThrowsAny<ArgumentException>(build);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
