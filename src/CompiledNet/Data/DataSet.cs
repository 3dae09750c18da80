using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

/// <summary>
/// Samples for training or evaluation: an input row and a target row per sample, each side stored flat and
/// row-major in one buffer, so a sample is read as a span without allocating.
/// </summary>
/// <remarks>
/// Every factory checks the shapes, and that every value is finite, before it builds anything. A data set never
/// changes after it is built (except through a buffer the caller handed to <see cref="FromFlat"/> without a copy),
/// so it can be read from many threads at once.
/// </remarks>
/// <typeparam name="T">The scalar type of inputs and targets.</typeparam>
public sealed partial class DataSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReadOnlyMemory<T> _inputs;
    private readonly ReadOnlyMemory<T> _targets;

    // Callers have validated everything: equal row counts, at least one row, positive row sizes, finite values.
    private DataSet(ReadOnlyMemory<T> inputs, int inputSize, ReadOnlyMemory<T> targets, int targetSize, int count)
    {
        _inputs = inputs;
        _targets = targets;
        InputSize = inputSize;
        TargetSize = targetSize;
        Count = count;
    }

    /// <summary>The number of samples; at least 1.</summary>
    public int Count { get; }

    /// <summary>The number of values in each input row.</summary>
    public int InputSize { get; }

    /// <summary>The number of values in each target row.</summary>
    public int TargetSize { get; }

    /// <summary>All input rows, row-major: <see cref="Count"/> × <see cref="InputSize"/> values.</summary>
    public ReadOnlyMemory<T> Inputs => _inputs;

    /// <summary>All target rows, row-major: <see cref="Count"/> × <see cref="TargetSize"/> values.</summary>
    public ReadOnlyMemory<T> Targets => _targets;

    /// <summary>The input row of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<T> Input(int index)
    {
        CheckIndex(index);
        return _inputs.Span.Slice(index * InputSize, InputSize);
    }

    /// <summary>The target row of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<T> Target(int index)
    {
        CheckIndex(index);
        return _targets.Span.Slice(index * TargetSize, TargetSize);
    }

    /// <summary>
    /// The position of the largest value in target row <paramref name="index"/>: the class index when targets are
    /// one-hot. Ties go to the first position. A one-column target always gives 0; threshold it yourself for a
    /// binary target.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public int Label(int index)
    {
        ReadOnlySpan<T> target = Target(index);
        int best = 0;
        for (int i = 1; i < target.Length; i++)
        {
            if (target[i] > target[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// A new data set holding copies of the rows at <paramref name="indices"/>, in that order. An index may appear
    /// more than once (a bootstrap sample).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not in [0, <see cref="Count"/>).</exception>
    public DataSet<T> Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("A subset needs at least one row index.", nameof(indices));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices),
                    indices[i],
                    Invariant($"Index {i} of the subset is row {indices[i]}, outside the data set's {Count} rows."));
            }
        }

        var inputs = new T[FlatLength(indices.Length, InputSize, "input", nameof(indices))];
        var targets = new T[FlatLength(indices.Length, TargetSize, "target", nameof(indices))];
        ReadOnlySpan<T> allInputs = _inputs.Span;
        ReadOnlySpan<T> allTargets = _targets.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            allInputs.Slice(row * InputSize, InputSize).CopyTo(inputs.AsSpan(i * InputSize, InputSize));
            allTargets.Slice(row * TargetSize, TargetSize).CopyTo(targets.AsSpan(i * TargetSize, TargetSize));
        }

        return new DataSet<T>(inputs, InputSize, targets, TargetSize, indices.Length);
    }

    /// <summary>
    /// Shuffles the rows with <paramref name="seed"/> (the same seed gives the same split on every platform), then
    /// makes the last round(<see cref="Count"/> · <paramref name="testFraction"/>) rows, halves rounded away from
    /// zero, the test set and the rest the training set. Both are copies.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="testFraction"/> is not in (0, 1), or it would leave the training or the test set empty.
    /// </exception>
    public (DataSet<T> Train, DataSet<T> Test) Split(double testFraction, int seed)
    {
        if (!(testFraction > 0.0 && testFraction < 1.0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction),
                testFraction,
                "The test fraction must be strictly between 0 and 1.");
        }

        int testCount = (int)Math.Round(Count * testFraction, MidpointRounding.AwayFromZero);
        if (testCount == 0 || testCount == Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction),
                testFraction,
                Invariant($"A test fraction of {testFraction} of {Count} rows gives {Count - testCount} training and {testCount} test rows; both sets need at least one."));
        }

        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new SeededRandom(seed);
        random.Shuffle(order.AsSpan());
        int trainCount = Count - testCount;
        return (Subset(order.AsSpan(0, trainCount)), Subset(order.AsSpan(trainCount)));
    }

    /// <summary>The first <paramref name="count"/> rows, sharing this data set's buffers (no copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, <see cref="Count"/>].</exception>
    public DataSet<T> Take(int count)
    {
        if (count < 1 || count > Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count),
                count,
                Invariant($"Take({count}) must ask for between 1 and the data set's {Count} rows."));
        }

        return new DataSet<T>(_inputs[..(count * InputSize)], InputSize, _targets[..(count * TargetSize)], TargetSize, count);
    }

    // The same samples with new input rows (already checked finite), sharing the targets: what scaling produces.
    internal DataSet<T> WithInputs(T[] inputs) => new(inputs, inputs.Length / Count, _targets, TargetSize, Count);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            ThrowIndex(index);
        }
    }

    [DoesNotReturn]
    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(
            nameof(index),
            index,
            Invariant($"Row {index} is outside the data set's {Count} rows."));
}
