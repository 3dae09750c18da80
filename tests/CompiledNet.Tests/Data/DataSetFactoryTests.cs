using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Data;

public sealed class DataSetFactoryTestsFloat : DataSetFactoryTests<float>;

public sealed class DataSetFactoryTestsDouble : DataSetFactoryTests<double>;

/// <summary>Every factory builds the same data set from the same data, and labels become the right one-hot rows.</summary>
public abstract class DataSetFactoryTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 23;
    private const int InputSize = 4;
    private const int TargetSize = 3;

    private static readonly T[][] SomeInputs = DataTestValues<T>.RandomRows(Rows, InputSize, seed: 11);
    private static readonly T[][] SomeTargets = DataTestValues<T>.RandomRows(Rows, TargetSize, seed: 12);

    [Fact]
    public void FromRows_keeps_every_row_and_its_shape()
    {
        DataSet<T> data = DataSet<T>.FromRows(SomeInputs, SomeTargets);

        Assert.Equal(Rows, data.Count);
        Assert.Equal(InputSize, data.InputSize);
        Assert.Equal(TargetSize, data.TargetSize);
        Assert.Equal(Rows * InputSize, data.Inputs.Length);
        Assert.Equal(Rows * TargetSize, data.Targets.Length);
        DataTestValues<T>.AssertRows(SomeInputs, SomeTargets, data);
    }

    [Fact]
    public void FromMatrix_and_FromFlat_build_the_same_data_set_as_FromRows()
    {
        DataSet<T> fromRows = DataSet<T>.FromRows(SomeInputs, SomeTargets);

        DataSet<T> fromMatrix = DataSet<T>.FromMatrix(DataTestValues<T>.ToMatrix(SomeInputs), DataTestValues<T>.ToMatrix(SomeTargets));
        DataSet<T> fromFlat = DataSet<T>.FromFlat(
            DataTestValues<T>.ToFlat(SomeInputs), InputSize, DataTestValues<T>.ToFlat(SomeTargets), TargetSize);

        DataTestValues<T>.AssertSame(fromRows, fromMatrix);
        DataTestValues<T>.AssertSame(fromRows, fromFlat);
        DataTestValues<T>.AssertRows(SomeInputs, SomeTargets, fromFlat);
    }

    [Fact]
    public void FromRows_and_FromMatrix_copy_so_later_edits_to_the_source_do_not_show()
    {
        T[][] inputs = DataTestValues<T>.RandomRows(3, 2, seed: 5);
        T[][] targets = DataTestValues<T>.RandomRows(3, 1, seed: 6);
        T[,] matrix = DataTestValues<T>.ToMatrix(inputs);
        T before = inputs[1][1];
        DataSet<T> fromRows = DataSet<T>.FromRows(inputs, targets);
        DataSet<T> fromMatrix = DataSet<T>.FromMatrix(matrix, DataTestValues<T>.ToMatrix(targets));

        inputs[1][1] = T.One + before;
        matrix[1, 1] = T.One + before;

        Assert.Equal(before, fromRows.Input(1)[1]);
        Assert.Equal(before, fromMatrix.Input(1)[1]);
    }

    [Fact]
    public void FromFlat_wraps_the_buffers_without_copying()
    {
        T[] inputs = DataTestValues<T>.ToFlat(SomeInputs);
        T[] targets = DataTestValues<T>.ToFlat(SomeTargets);

        DataSet<T> data = DataSet<T>.FromFlat(inputs, InputSize, targets, TargetSize);

        Assert.True(data.Inputs.Span.Overlaps(inputs));
        Assert.True(data.Targets.Span.Overlaps(targets));
    }

    [Fact]
    public void FromLabels_builds_one_hot_targets_whose_label_is_the_class()
    {
        const int classCount = 5;
        int[] labels = DataTestValues<T>.RandomLabels(Rows, classCount, seed: 3);

        DataSet<T> data = DataSet<T>.FromLabels(SomeInputs, labels, classCount);

        Assert.Equal(classCount, data.TargetSize);
        for (int i = 0; i < Rows; i++)
        {
            ReadOnlySpan<T> target = data.Target(i);
            for (int c = 0; c < classCount; c++)
            {
                Assert.Equal(c == labels[i] ? T.One : T.Zero, target[c]);
            }

            Assert.Equal(labels[i], data.Label(i));
            Assert.Equal(SomeInputs[i], data.Input(i).ToArray());
        }
    }

    [Fact]
    public void Every_FromLabels_overload_builds_the_same_data_set_as_FromRows_with_one_hot_rows()
    {
        const int classCount = 3;
        int[] labels = DataTestValues<T>.RandomLabels(Rows, classCount, seed: 4);
        var oneHot = new T[Rows][];
        for (int i = 0; i < Rows; i++)
        {
            oneHot[i] = new T[classCount];
            oneHot[i][labels[i]] = T.One;
        }

        DataSet<T> expected = DataSet<T>.FromRows(SomeInputs, oneHot);

        DataTestValues<T>.AssertSame(expected, DataSet<T>.FromLabels(SomeInputs, labels, classCount));
        DataTestValues<T>.AssertSame(expected, DataSet<T>.FromLabels(DataTestValues<T>.ToMatrix(SomeInputs), labels, classCount));
        DataTestValues<T>.AssertSame(expected, DataSet<T>.FromLabels(DataTestValues<T>.ToFlat(SomeInputs), InputSize, labels, classCount));
    }

    [Fact]
    public void Label_is_the_argmax_of_the_target_row_and_ties_go_to_the_first()
    {
        T[][] inputs = DataTestValues<T>.RandomRows(4, 1, seed: 9);
        T[][] targets =
        [
            [V(0.1), V(0.7), V(0.2)],
            [V(-3), V(-1), V(-2)],
            [V(0.4), V(0.1), V(0.4)],
            [V(0), V(0), V(2.5)],
        ];

        DataSet<T> data = DataSet<T>.FromRows(inputs, targets);

        for (int i = 0; i < targets.Length; i++)
        {
            Assert.Equal(Array.IndexOf(targets[i], Max(targets[i])), data.Label(i));
        }

        Assert.Equal(0, data.Label(2));
    }

    [Fact]
    public void A_one_column_target_always_has_label_zero()
    {
        DataSet<T> data = DataSet<T>.FromRows([[V(1)], [V(2)]], [[V(0)], [V(1)]]);

        Assert.Equal(0, data.Label(0));
        Assert.Equal(0, data.Label(1));
    }

    private static T V(double value) => DataTestValues<T>.V(value);

    private static T Max(T[] values)
    {
        T max = values[0];
        foreach (T value in values)
        {
            max = T.Max(max, value);
        }

        return max;
    }
}
