using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static CompiledNet.DataSetValidation;

namespace CompiledNet;

// The ways to build a data set. Each one checks shapes, labels and finiteness first and builds only when all pass.
public sealed partial class DataSet<T>
{
    /// <summary>Builds a data set from one array per row; the rows are copied.</summary>
    /// <param name="inputs">The input rows, all the same length.</param>
    /// <param name="targets">The target rows, all the same length, one per input row.</param>
    /// <exception cref="ArgumentException">
    /// The row counts differ, there are no rows, a row is null or has the wrong length, or a value is NaN or infinite.
    /// </exception>
    public static DataSet<T> FromRows(T[][] inputs, T[][] targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        SameRowCount(inputs.Length, targets.Length, "target rows", nameof(targets));
        NotEmpty(inputs.Length, nameof(inputs));
        int inputSize = JaggedRows(inputs, "input", nameof(inputs));
        int targetSize = JaggedRows(targets, "target", nameof(targets));
        int inputLength = FlatLength(inputs.Length, inputSize, "input", nameof(inputs));
        int targetLength = FlatLength(targets.Length, targetSize, "target", nameof(targets));
        Finite(inputs, "input", nameof(inputs));
        Finite(targets, "target", nameof(targets));
        return new DataSet<T>(Flatten(inputs, inputLength), inputSize, Flatten(targets, targetLength), targetSize, inputs.Length);
    }

    /// <summary>Builds a data set from matrices with one sample per row; the values are copied.</summary>
    /// <param name="inputs">The inputs, [sample, feature].</param>
    /// <param name="targets">The targets, [sample, output], with as many rows as <paramref name="inputs"/>.</param>
    /// <exception cref="ArgumentException">
    /// The row counts differ, there are no rows or no columns, or a value is NaN or infinite.
    /// </exception>
    public static DataSet<T> FromMatrix(T[,] inputs, T[,] targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        int count = inputs.GetLength(0);
        SameRowCount(count, targets.GetLength(0), "target rows", nameof(targets));
        NotEmpty(count, nameof(inputs));
        RowSize(inputs.GetLength(1), "input", nameof(inputs));
        RowSize(targets.GetLength(1), "target", nameof(targets));
        Finite(MatrixValues(inputs), inputs.GetLength(1), "input", nameof(inputs));
        Finite(MatrixValues(targets), targets.GetLength(1), "target", nameof(targets));
        return new DataSet<T>(
            MatrixValues(inputs).ToArray(), inputs.GetLength(1), MatrixValues(targets).ToArray(), targets.GetLength(1), count);
    }

    /// <summary>
    /// Wraps flat row-major buffers without copying them. The buffers are checked now; changing them afterwards
    /// changes the data set, so hand over buffers you will not write to again.
    /// </summary>
    /// <param name="inputs">The input rows back to back: a whole number of rows of <paramref name="inputSize"/> values.</param>
    /// <param name="inputSize">The number of values in each input row; at least 1.</param>
    /// <param name="targets">The target rows back to back, one per input row.</param>
    /// <param name="targetSize">The number of values in each target row; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A row size is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// A buffer's length is not a multiple of its row size, the row counts differ, there are no rows, or a value is
    /// NaN or infinite.
    /// </exception>
    public static DataSet<T> FromFlat(ReadOnlyMemory<T> inputs, int inputSize, ReadOnlyMemory<T> targets, int targetSize)
    {
        int count = FlatRowCount(inputs.Length, inputSize, "input", nameof(inputs), nameof(inputSize));
        int targetRows = FlatRowCount(targets.Length, targetSize, "target", nameof(targets), nameof(targetSize));
        SameRowCount(count, targetRows, "target rows", nameof(targets));
        NotEmpty(count, nameof(inputs));
        Finite(inputs.Span, inputSize, "input", nameof(inputs));
        Finite(targets.Span, targetSize, "target", nameof(targets));
        return new DataSet<T>(inputs, inputSize, targets, targetSize, count);
    }

    /// <summary>
    /// Builds a classification data set: input rows are copied, and each label becomes a one-hot target row of
    /// <paramref name="classCount"/> values.
    /// </summary>
    /// <param name="inputs">The input rows, all the same length.</param>
    /// <param name="labels">The class of each row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes, and so the length of each target row; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1, or a label is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// The row and label counts differ, there are no rows, a row is null or has the wrong length, or a value is NaN
    /// or infinite.
    /// </exception>
    public static DataSet<T> FromLabels(T[][] inputs, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        SameRowCount(inputs.Length, labels.Length, "labels", nameof(labels));
        NotEmpty(inputs.Length, nameof(inputs));
        int inputSize = JaggedRows(inputs, "input", nameof(inputs));
        Labels(labels, classCount);
        int inputLength = FlatLength(inputs.Length, inputSize, "input", nameof(inputs));
        int targetLength = FlatLength(labels.Length, classCount, "target", nameof(classCount));
        Finite(inputs, "input", nameof(inputs));
        return new DataSet<T>(Flatten(inputs, inputLength), inputSize, OneHot(labels, classCount, targetLength), classCount, inputs.Length);
    }

    /// <summary>
    /// Builds a classification data set from a matrix with one sample per row: the inputs are copied, and each label
    /// becomes a one-hot target row of <paramref name="classCount"/> values.
    /// </summary>
    /// <param name="inputs">The inputs, [sample, feature].</param>
    /// <param name="labels">The class of each row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes, and so the length of each target row; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1, or a label is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// The row and label counts differ, there are no rows or no columns, or a value is NaN or infinite.
    /// </exception>
    public static DataSet<T> FromLabels(T[,] inputs, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int count = inputs.GetLength(0);
        SameRowCount(count, labels.Length, "labels", nameof(labels));
        NotEmpty(count, nameof(inputs));
        RowSize(inputs.GetLength(1), "input", nameof(inputs));
        Labels(labels, classCount);
        int targetLength = FlatLength(count, classCount, "target", nameof(classCount));
        Finite(MatrixValues(inputs), inputs.GetLength(1), "input", nameof(inputs));
        return new DataSet<T>(
            MatrixValues(inputs).ToArray(), inputs.GetLength(1), OneHot(labels, classCount, targetLength), classCount, count);
    }

    /// <summary>
    /// Builds a classification data set over a flat row-major input buffer, which is not copied (see
    /// <see cref="FromFlat"/>); each label becomes a one-hot target row of <paramref name="classCount"/> values.
    /// </summary>
    /// <param name="inputs">The input rows back to back: a whole number of rows of <paramref name="inputSize"/> values.</param>
    /// <param name="inputSize">The number of values in each input row; at least 1.</param>
    /// <param name="labels">The class of each row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes, and so the length of each target row; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="inputSize"/> or <paramref name="classCount"/> is less than 1, or a label is out of range.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// The buffer's length is not a multiple of <paramref name="inputSize"/>, the row and label counts differ, there
    /// are no rows, or a value is NaN or infinite.
    /// </exception>
    public static DataSet<T> FromLabels(ReadOnlyMemory<T> inputs, int inputSize, ReadOnlySpan<int> labels, int classCount)
    {
        int count = FlatRowCount(inputs.Length, inputSize, "input", nameof(inputs), nameof(inputSize));
        SameRowCount(count, labels.Length, "labels", nameof(labels));
        NotEmpty(count, nameof(inputs));
        Labels(labels, classCount);
        int targetLength = FlatLength(count, classCount, "target", nameof(classCount));
        Finite(inputs.Span, inputSize, "input", nameof(inputs));
        return new DataSet<T>(inputs, inputSize, OneHot(labels, classCount, targetLength), classCount, count);
    }

    private static T[] Flatten(T[][] rows, int length)
    {
        var flat = new T[length];
        int rowSize = rows[0].Length;
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(flat, i * rowSize);
        }

        return flat;
    }

    private static T[] OneHot(ReadOnlySpan<int> labels, int classCount, int length)
    {
        var targets = new T[length];
        for (int i = 0; i < labels.Length; i++)
        {
            targets[i * classCount + labels[i]] = T.One;
        }

        return targets;
    }

    // A T[,] is one contiguous row-major block, so it can be read as a span instead of element by element.
    private static ReadOnlySpan<T> MatrixValues(T[,] matrix) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);
}
