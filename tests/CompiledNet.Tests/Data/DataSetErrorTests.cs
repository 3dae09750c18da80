using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Data;

public sealed class DataSetErrorTestsFloat : DataSetErrorTests<float>;

public sealed class DataSetErrorTestsDouble : DataSetErrorTests<double>;

/// <summary>Every malformed data set is refused with a message that names the rows, columns and numbers at fault.</summary>
public abstract class DataSetErrorTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [Fact]
    public void Different_row_counts_are_named_by_every_factory()
    {
        T[][] inputs = Rows(150, 4);
        T[][] targets = Rows(149, 2);
        int[] labels = new int[149];

        AssertMessage("There are 150 input rows but 149 target rows", () => DataSet<T>.FromRows(inputs, targets));
        AssertMessage("There are 150 input rows but 149 target rows", () => DataSet<T>.FromMatrix(Matrix(inputs), Matrix(targets)));
        AssertMessage("There are 150 input rows but 149 target rows", () => DataSet<T>.FromFlat(Flat(inputs), 4, Flat(targets), 2));
        AssertMessage("There are 150 input rows but 149 labels", () => DataSet<T>.FromLabels(inputs, labels, 3));
        AssertMessage("There are 150 input rows but 149 labels", () => DataSet<T>.FromLabels(Matrix(inputs), labels, 3));
        AssertMessage("There are 150 input rows but 149 labels", () => DataSet<T>.FromLabels(Flat(inputs), 4, labels, 3));
    }

    [Fact]
    public void A_row_of_the_wrong_length_is_named()
    {
        T[][] inputs = Rows(10, 4);
        inputs[7] = new T[3];
        T[][] targets = Rows(10, 2);
        T[][] goodInputs = Rows(10, 4);
        T[][] badTargets = Rows(10, 2);
        badTargets[9] = new T[5];

        AssertMessage("Input row 7 has 3 values but row 0 has 4", () => DataSet<T>.FromRows(inputs, targets));
        AssertMessage("Target row 9 has 5 values but row 0 has 2", () => DataSet<T>.FromRows(goodInputs, badTargets));
        AssertMessage("Input row 7 has 3 values but row 0 has 4", () => DataSet<T>.FromLabels(inputs, new int[10], 2));
    }

    [Fact]
    public void A_null_row_is_named_and_a_null_array_is_an_ArgumentNullException()
    {
        T[][] inputs = Rows(4, 2);
        inputs[2] = null!;

        AssertMessage("Input row 2 is null", () => DataSet<T>.FromRows(inputs, Rows(4, 1)));
        AssertMessage("Target row 2 is null", () => DataSet<T>.FromRows(Rows(4, 2), [[T.One], [T.One], null!, [T.One]]));
        AssertMessage("Input row 2 is null", () => DataSet<T>.FromLabels(inputs, new int[4], 2));
        Assert.Throws<ArgumentNullException>(() => DataSet<T>.FromRows(null!, Rows(4, 1)));
        Assert.Throws<ArgumentNullException>(() => DataSet<T>.FromMatrix(Matrix(Rows(4, 2)), null!));
        Assert.Throws<ArgumentNullException>(() => DataSet<T>.FromLabels((T[][])null!, new int[4], 2));
        Assert.Throws<ArgumentNullException>(() => DataSet<T>.FromLabels((T[,])null!, new int[4], 2));
    }

    [Fact]
    public void An_empty_data_set_is_refused_by_every_factory()
    {
        const string empty = "The data set is empty";

        AssertMessage(empty, () => DataSet<T>.FromRows([], []));
        AssertMessage(empty, () => DataSet<T>.FromMatrix(new T[0, 3], new T[0, 1]));
        AssertMessage(empty, () => DataSet<T>.FromFlat(ReadOnlyMemory<T>.Empty, 3, ReadOnlyMemory<T>.Empty, 1));
        AssertMessage(empty, () => DataSet<T>.FromLabels(Array.Empty<T[]>(), [], 2));
        AssertMessage(empty, () => DataSet<T>.FromLabels(new T[0, 3], [], 2));
        AssertMessage(empty, () => DataSet<T>.FromLabels(ReadOnlyMemory<T>.Empty, 3, [], 2));
    }

    [Fact]
    public void Rows_without_values_are_refused()
    {
        AssertMessage("Input rows have 0 values", () => DataSet<T>.FromRows([[], []], Rows(2, 1)));
        AssertMessage("Target rows have 0 values", () => DataSet<T>.FromMatrix(new T[2, 3], new T[2, 0]));
        AssertMessage("Input rows have 0 values", () => DataSet<T>.FromLabels(new T[2, 0], [0, 1], 2));
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => DataSet<T>.FromFlat(new T[4], 0, new T[4], 1));
        Assert.Equal("inputSize", size.ParamName);
        size = Assert.Throws<ArgumentOutOfRangeException>(() => DataSet<T>.FromFlat(new T[4], 2, new T[4], -1));
        Assert.Equal("targetSize", size.ParamName);
    }

    [Fact]
    public void A_flat_buffer_that_is_not_whole_rows_is_named()
    {
        AssertMessage("The input buffer holds 10 values, which is not a multiple of the row size 4", () => DataSet<T>.FromFlat(new T[10], 4, new T[2], 1));
        AssertMessage("The target buffer holds 7 values, which is not a multiple of the row size 2", () => DataSet<T>.FromFlat(new T[8], 2, new T[7], 2));
        AssertMessage("The input buffer holds 10 values, which is not a multiple of the row size 4", () => DataSet<T>.FromLabels(new T[10], 4, [0, 1], 2));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void A_label_outside_the_classes_is_named_by_every_FromLabels(int badLabel)
    {
        T[][] inputs = Rows(6, 2);
        int[] labels = [0, 1, 2, 0, 1, badLabel];
        string expected = $"Row 5 has label {badLabel}, outside [0, 3) for 3 classes";

        Assert.Equal("labels", AssertMessage<ArgumentOutOfRangeException>(expected, () => DataSet<T>.FromLabels(inputs, labels, 3)).ParamName);
        AssertMessage<ArgumentOutOfRangeException>(expected, () => DataSet<T>.FromLabels(Matrix(inputs), labels, 3));
        AssertMessage<ArgumentOutOfRangeException>(expected, () => DataSet<T>.FromLabels(Flat(inputs), 2, labels, 3));
    }

    [Fact]
    public void A_class_count_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DataSet<T>.FromLabels(Rows(2, 2), [0, 0], 0));

        Assert.Equal("classCount", error.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void A_non_finite_input_is_named_by_row_and_column_in_every_factory(double bad, string shown)
    {
        T[][] inputs = Rows(10, 4);
        inputs[7][2] = T.CreateChecked(bad);
        T[][] targets = Rows(10, 2);
        int[] labels = new int[10];
        string expected = $"Input row 7, column 2 is {shown}; every value must be finite";

        AssertMessage(expected, () => DataSet<T>.FromRows(inputs, targets));
        AssertMessage(expected, () => DataSet<T>.FromMatrix(Matrix(inputs), Matrix(targets)));
        AssertMessage(expected, () => DataSet<T>.FromFlat(Flat(inputs), 4, Flat(targets), 2));
        AssertMessage(expected, () => DataSet<T>.FromLabels(inputs, labels, 2));
        AssertMessage(expected, () => DataSet<T>.FromLabels(Matrix(inputs), labels, 2));
        AssertMessage(expected, () => DataSet<T>.FromLabels(Flat(inputs), 4, labels, 2));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_non_finite_target_is_named_by_row_and_column(double bad, string shown)
    {
        T[][] inputs = Rows(5, 3);
        T[][] targets = Rows(5, 2);
        targets[4][1] = T.CreateChecked(bad);
        string expected = $"Target row 4, column 1 is {shown}";

        AssertMessage(expected, () => DataSet<T>.FromRows(inputs, targets));
        AssertMessage(expected, () => DataSet<T>.FromMatrix(Matrix(inputs), Matrix(targets)));
        AssertMessage(expected, () => DataSet<T>.FromFlat(Flat(inputs), 3, Flat(targets), 2));
    }

    [Fact]
    public void Only_the_first_problem_found_is_reported_and_shapes_come_before_values()
    {
        T[][] inputs = Rows(3, 2);
        inputs[0][0] = T.NaN;
        inputs[2] = new T[1];

        AssertMessage("Input row 2 has 1 values but row 0 has 2", () => DataSet<T>.FromRows(inputs, Rows(3, 1)));
    }

    private static TException AssertMessage<TException>(string expected, Func<object> build)
        where TException : ArgumentException
    {
        var error = Assert.Throws<TException>(build);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static void AssertMessage(string expected, Func<object> build)
    {
        var error = Assert.ThrowsAny<ArgumentException>(build);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static T[][] Rows(int count, int size) => DataTestValues<T>.RandomRows(count, size, seed: count * 31 + size);

    private static T[,] Matrix(T[][] rows) => DataTestValues<T>.ToMatrix(rows);

    private static T[] Flat(T[][] rows) => DataTestValues<T>.ToFlat(rows);
}
