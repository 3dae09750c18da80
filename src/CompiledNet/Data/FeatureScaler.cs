using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

/// <summary>
/// Rescales each input feature as x' = (x - <see cref="Offsets"/>[i]) · <see cref="Scales"/>[i]. Fit it on the
/// training data only, then apply the same scaler to training, test and live inputs, so no information leaks from
/// the test set and the network sees inputs the way it was trained on them.
/// </summary>
/// <typeparam name="T">The scalar type of the data.</typeparam>
public sealed class FeatureScaler<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _offsets;
    private readonly T[] _scales;

    /// <summary>Rebuilds a scaler from stored values, for example ones read from a weight file. The arrays are copied.</summary>
    /// <param name="kind">How the values were fitted.</param>
    /// <param name="offsets">What to subtract from each feature; finite.</param>
    /// <param name="scales">What to multiply each centred feature by; finite and positive, as fitting always gives.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined <see cref="ScalingKind"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The arrays are empty or differ in length, an offset is not finite, or a scale is not finite and positive.
    /// </exception>
    public FeatureScaler(ScalingKind kind, T[] offsets, T[] scales)
    {
        if (kind is not (ScalingKind.MinMax or ScalingKind.Standardize))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scaling kind.");
        }

        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(scales);
        if (offsets.Length != scales.Length)
        {
            throw new ArgumentException(
                Invariant($"There are {offsets.Length} offsets but {scales.Length} scales; each feature needs one of each."),
                nameof(scales));
        }

        if (offsets.Length == 0)
        {
            throw new ArgumentException("A scaler needs at least one feature.", nameof(offsets));
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            if (!T.IsFinite(offsets[i]))
            {
                throw new ArgumentException(Invariant($"Offset {i} is {Format(offsets[i])}; offsets must be finite."), nameof(offsets));
            }

            // A zero or negative scale cannot come from fitting; it means the stored values are damaged.
            if (!T.IsFinite(scales[i]) || scales[i] <= T.Zero)
            {
                throw new ArgumentException(Invariant($"Scale {i} is {Format(scales[i])}; scales must be finite and positive."), nameof(scales));
            }
        }

        Kind = kind;
        _offsets = (T[])offsets.Clone();
        _scales = (T[])scales.Clone();
        Offsets = Array.AsReadOnly(_offsets);
        Scales = Array.AsReadOnly(_scales);
    }

    /// <summary>How the scaler was fitted.</summary>
    public ScalingKind Kind { get; }

    /// <summary>What is subtracted from each feature.</summary>
    public IReadOnlyList<T> Offsets { get; }

    /// <summary>What each centred feature is multiplied by.</summary>
    public IReadOnlyList<T> Scales { get; }

    /// <summary>The number of input features the scaler applies to.</summary>
    public int FeatureCount => _offsets.Length;

    /// <summary>
    /// Fits a scaler that maps each feature's training range [min, max] to [0, 1]: min goes to exactly 0, every
    /// training value lands in [0, 1], and max goes to 1 (or, for the few ranges whose reciprocal T cannot
    /// represent closely enough, to the largest value below 1). A constant feature gets scale 1, so it maps to 0.
    /// </summary>
    /// <param name="training">The training data only; test data must not influence the scaling.</param>
    /// <exception cref="ArgumentException">A feature's range is too wide or too narrow to invert in T.</exception>
    public static FeatureScaler<T> FitMinMax(DataSet<T> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        (T[] min, T[] max) = Ranges(training);
        var scales = new T[min.Length];
        for (int i = 0; i < scales.Length; i++)
        {
            T range = max[i] - min[i];
            scales[i] = range == T.Zero ? T.One : ReciprocalNotAboveOne(range, i, training);
        }

        return new FeatureScaler<T>(ScalingKind.MinMax, min, scales);
    }

    /// <summary>
    /// Fits a scaler that gives each feature zero mean and unit population standard deviation on the training
    /// data. A constant feature gets scale 1 and its own value as offset, so it maps to exactly 0.
    /// </summary>
    /// <param name="training">The training data only; test data must not influence the scaling.</param>
    /// <exception cref="ArgumentException">A feature's values are too large, or its spread too small, to standardize in T.</exception>
    public static FeatureScaler<T> FitStandardize(DataSet<T> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        (T[] min, T[] max) = Ranges(training);
        int features = training.InputSize;
        ReadOnlySpan<T> values = training.Inputs.Span;

        // Two passes in double: the mean first, then squared deviations from it, which stays accurate for float data
        // and for features whose spread is small next to their mean.
        var means = new double[features];
        for (int i = 0; i < values.Length; i++)
        {
            means[i % features] += double.CreateTruncating(values[i]);
        }

        for (int f = 0; f < features; f++)
        {
            means[f] /= training.Count;
        }

        var squares = new double[features];
        for (int i = 0; i < values.Length; i++)
        {
            double deviation = double.CreateTruncating(values[i]) - means[i % features];
            squares[i % features] += deviation * deviation;
        }

        var offsets = new T[features];
        var scales = new T[features];
        for (int f = 0; f < features; f++)
        {
            // Comparing min and max, not the computed deviation, because rounding can leave a tiny nonzero spread
            // for a constant feature, and dividing by it would blow the feature up.
            if (min[f] == max[f])
            {
                offsets[f] = min[f];
                scales[f] = T.One;
                continue;
            }

            double deviation = Math.Sqrt(squares[f] / training.Count);
            offsets[f] = T.CreateTruncating(means[f]);
            scales[f] = T.CreateTruncating(1.0 / deviation);
            if (!T.IsFinite(offsets[f]) || !T.IsFinite(scales[f]) || scales[f] == T.Zero)
            {
                throw new ArgumentException(
                    Invariant($"Feature {f} has mean {means[f]} and standard deviation {deviation}, which cannot be standardized in {typeof(T).Name}."),
                    nameof(training));
            }
        }

        return new FeatureScaler<T>(ScalingKind.Standardize, offsets, scales);
    }

    /// <summary>
    /// A new data set with every input row scaled; the targets are shared, not copied. Use it on the training set
    /// and on any other set (test, validation) with the scaler fitted on the training set.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="data"/>'s input size is not <see cref="FeatureCount"/>, or a scaled value is not finite (a value
    /// far outside the training range).
    /// </exception>
    public DataSet<T> Transform(DataSet<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != FeatureCount)
        {
            throw new ArgumentException(
                Invariant($"The data set has {data.InputSize} input values per row but the scaler was fitted on {FeatureCount} features."),
                nameof(data));
        }

        var scaled = new T[data.Inputs.Length];
        ReadOnlySpan<T> source = data.Inputs.Span;
        for (int row = 0; row < data.Count; row++)
        {
            Transform(source.Slice(row * FeatureCount, FeatureCount), scaled.AsSpan(row * FeatureCount, FeatureCount));
        }

        for (int i = 0; i < scaled.Length; i++)
        {
            if (!T.IsFinite(scaled[i]))
            {
                throw new ArgumentException(
                    Invariant($"Scaling input row {i / FeatureCount}, column {i % FeatureCount} ({Format(source[i])}) gives {Format(scaled[i])}; the value is too far outside the training range."),
                    nameof(data));
            }
        }

        return data.WithInputs(scaled);
    }

    /// <summary>
    /// Scales one input row into <paramref name="output"/> without allocating. <paramref name="output"/> may be
    /// <paramref name="input"/> itself (scaling in place), or overlap it.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="FeatureCount"/>.</exception>
    public void Transform(ReadOnlySpan<T> input, Span<T> output)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(output.Length, nameof(output));
        T[] offsets = _offsets;
        T[] scales = _scales;

        // When output starts later in the same buffer, a forward walk would overwrite inputs it has not read yet.
        if (input.Overlaps((ReadOnlySpan<T>)output, out int outputOffset) && outputOffset > 0)
        {
            for (int i = offsets.Length - 1; i >= 0; i--)
            {
                output[i] = (input[i] - offsets[i]) * scales[i];
            }

            return;
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            output[i] = (input[i] - offsets[i]) * scales[i];
        }
    }

    /// <summary>
    /// Scales rows stored one after another, <see cref="FeatureCount"/> values each, into <paramref name="outputs"/>
    /// without allocating: each row exactly as <see cref="Transform(ReadOnlySpan{T}, Span{T})"/> scales it.
    /// <paramref name="outputs"/> may be <paramref name="inputs"/> itself (scaling in place); no other overlap is allowed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="inputs"/> is not whole rows, <paramref name="outputs"/> is not the same length, or the two overlap
    /// other than exactly.
    /// </exception>
    public void TransformRows(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int features = FeatureCount;
        if (inputs.Length % features != 0)
        {
            throw new ArgumentException(
                Invariant($"inputs holds {inputs.Length} values, which is not a whole number of {features}-feature rows."),
                nameof(inputs));
        }

        if (outputs.Length != inputs.Length)
        {
            throw new ArgumentException(
                Invariant($"outputs holds {outputs.Length} values, but {inputs.Length / features} rows of {features} features need {inputs.Length}."),
                nameof(outputs));
        }

        // A shifted overlap would make one row's output overwrite a later row's input before it is read.
        if (inputs.Overlaps((ReadOnlySpan<T>)outputs, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                Invariant($"outputs overlaps inputs shifted by {offset} values; pass the same span to scale in place, or separate buffers."),
                nameof(outputs));
        }

        for (int start = 0; start < inputs.Length; start += features)
        {
            Transform(inputs.Slice(start, features), outputs.Slice(start, features));
        }
    }

    // Each feature's smallest and largest training value.
    private static (T[] Min, T[] Max) Ranges(DataSet<T> training)
    {
        int features = training.InputSize;
        T[] min = training.Input(0).ToArray();
        T[] max = training.Input(0).ToArray();
        ReadOnlySpan<T> values = training.Inputs.Span;
        for (int i = features; i < values.Length; i++)
        {
            int f = i % features;
            min[f] = T.Min(min[f], values[i]);
            max[f] = T.Max(max[f], values[i]);
        }

        return (min, max);
    }

    // The largest scale s with range · s ≤ 1 in T, so no training value maps past 1. A rounded 1 / range can leave
    // range · s one step below 1 (stepping s up fixes that when T allows), and when the reciprocal is subnormal (a
    // range near T's largest values) it can land above 1, which stepping s down fixes.
    private static T ReciprocalNotAboveOne(T range, int feature, DataSet<T> training)
    {
        T scale = T.One / range;
        if (!T.IsFinite(range) || !T.IsFinite(scale) || scale == T.Zero)
        {
            throw new ArgumentException(
                Invariant($"Feature {feature} spans a range of {Format(range)}, which cannot be mapped to [0, 1] in {typeof(T).Name}."),
                nameof(training));
        }

        while (range * scale > T.One)
        {
            scale = T.BitDecrement(scale);
        }

        while (range * T.BitIncrement(scale) <= T.One)
        {
            scale = T.BitIncrement(scale);
        }

        return scale;
    }

    private void CheckLength(int length, string parameterName)
    {
        if (length != FeatureCount)
        {
            throw new ArgumentException(
                Invariant($"The span has {length} values but the scaler was fitted on {FeatureCount} features."),
                parameterName);
        }
    }

    private static string Format(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}
