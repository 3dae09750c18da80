using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Data;

public sealed class DataSetRowTestsFloat : DataSetRowTests<float>;

public sealed class DataSetRowTestsDouble : DataSetRowTests<double>;

/// <summary>Reading rows and choosing rows: Input/Target, Subset, Take and the seeded Split.</summary>
public abstract class DataSetRowTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 50;

    // Column 0 of each input holds the row's index; the target repeats it so pairs can be checked after a shuffle.
    private static readonly T[][] NumberedInputs = DataTestValues<T>.NumberedRows(Rows, 3, seed: 21);
    private static readonly DataSet<T> Numbered = DataSet<T>.FromRows(
        NumberedInputs, NumberedInputs.Select(row => new[] { row[0], -row[0] }).ToArray());

    [Theory]
    [InlineData(-1)]
    [InlineData(Rows)]
    public void Input_and_Target_reject_an_index_outside_the_rows(int index)
    {
        var input = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Input(index));
        var target = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Target(index));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Label(index));

        Assert.Contains($"Row {index} is outside the data set's {Rows} rows", input.Message, StringComparison.Ordinal);
        Assert.Equal(input.Message, target.Message);
    }

    [Fact]
    public void Subset_copies_the_chosen_rows_in_the_given_order_even_repeated()
    {
        int[] indices = [7, 0, 49, 7, 12];

        DataSet<T> subset = Numbered.Subset(indices);

        Assert.Equal(indices.Length, subset.Count);
        for (int i = 0; i < indices.Length; i++)
        {
            Assert.Equal(Numbered.Input(indices[i]).ToArray(), subset.Input(i).ToArray());
            Assert.Equal(Numbered.Target(indices[i]).ToArray(), subset.Target(i).ToArray());
        }

        Assert.False(subset.Inputs.Span.Overlaps(Numbered.Inputs.Span));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Rows)]
    public void Subset_rejects_an_index_outside_the_rows_and_names_it(int badIndex)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Subset([1, 2, badIndex]));

        Assert.Equal("indices", error.ParamName);
        Assert.Contains($"Index 2 of the subset is row {badIndex}, outside the data set's {Rows} rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subset_rejects_no_indices()
    {
        var error = Assert.Throws<ArgumentException>(() => Numbered.Subset([]));

        Assert.Contains("at least one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_gives_the_first_rows_sharing_the_buffers()
    {
        DataSet<T> first = Numbered.Take(10);

        Assert.Equal(10, first.Count);
        DataTestValues<T>.AssertSame(Numbered.Subset(Enumerable.Range(0, 10).ToArray()), first);
        Assert.True(first.Inputs.Span.Overlaps(Numbered.Inputs.Span));
        Assert.True(first.Targets.Span.Overlaps(Numbered.Targets.Span));
        DataTestValues<T>.AssertSame(Numbered, Numbered.Take(Rows));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(Rows + 1)]
    public void Take_rejects_a_count_outside_one_to_Count(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Take(count));

        Assert.Contains($"Take({count}) must ask for between 1 and the data set's {Rows} rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_is_the_seeded_shuffle_with_the_last_rows_as_test_set()
    {
        int[] order = Enumerable.Range(0, Rows).ToArray();
        var random = new SeededRandom(17);
        random.Shuffle(order.AsSpan());

        (DataSet<T> train, DataSet<T> test) = Numbered.Split(0.2, seed: 17);

        Assert.Equal(40, train.Count);
        Assert.Equal(10, test.Count);
        DataTestValues<T>.AssertSame(Numbered.Subset(order.AsSpan(0, 40)), train);
        DataTestValues<T>.AssertSame(Numbered.Subset(order.AsSpan(40)), test);
    }

    [Fact]
    public void Split_with_the_same_seed_is_identical_and_with_another_seed_differs()
    {
        (DataSet<T> train, DataSet<T> test) = Numbered.Split(0.3, seed: 5);
        (DataSet<T> trainAgain, DataSet<T> testAgain) = Numbered.Split(0.3, seed: 5);
        (DataSet<T> otherTrain, _) = Numbered.Split(0.3, seed: 6);

        DataTestValues<T>.AssertSame(train, trainAgain);
        DataTestValues<T>.AssertSame(test, testAgain);
        Assert.NotEqual(Ids(train), Ids(otherTrain));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.02, 3)]
    [InlineData(0.98, 4)]
    public void Split_sets_are_disjoint_shuffled_and_together_hold_every_row_once(double testFraction, int seed)
    {
        (DataSet<T> train, DataSet<T> test) = Numbered.Split(testFraction, seed);

        int[] trainIds = Ids(train);
        int[] testIds = Ids(test);
        Assert.Empty(trainIds.Intersect(testIds));
        Assert.Equal(Enumerable.Range(0, Rows), trainIds.Concat(testIds).Order());
        Assert.NotEqual(Enumerable.Range(0, Rows), trainIds.Concat(testIds));
        for (int i = 0; i < train.Count; i++)
        {
            Assert.Equal(-train.Input(i)[0], train.Target(i)[1]);
        }
    }

    [Theory]
    [InlineData(10, 0.2, 2)]
    [InlineData(10, 0.25, 3)] // 2.5 rounds away from zero
    [InlineData(10, 0.34, 3)]
    [InlineData(10, 0.05, 1)] // 0.5 rounds up to one test row
    [InlineData(10, 0.94, 9)]
    [InlineData(2, 0.5, 1)]
    public void Split_puts_round_Count_times_fraction_rows_in_the_test_set(int count, double testFraction, int testCount)
    {
        (DataSet<T> train, DataSet<T> test) = Numbered.Take(count).Split(testFraction, seed: 1);

        Assert.Equal(testCount, test.Count);
        Assert.Equal(count - testCount, train.Count);
    }

    [Theory]
    [InlineData(50, 0.0)]
    [InlineData(50, 1.0)]
    [InlineData(50, -0.1)]
    [InlineData(50, 1.5)]
    [InlineData(50, double.NaN)]
    [InlineData(50, double.PositiveInfinity)]
    public void Split_rejects_a_fraction_outside_zero_to_one(int count, double testFraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Take(count).Split(testFraction, seed: 1));

        Assert.Equal("testFraction", error.ParamName);
        Assert.Contains("strictly between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 0.04, 10, 0)]
    [InlineData(10, 0.96, 0, 10)]
    [InlineData(1, 0.5, 0, 1)]
    public void Split_rejects_a_fraction_that_leaves_a_set_empty(int count, double testFraction, int trainCount, int testCount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Numbered.Take(count).Split(testFraction, seed: 1));

        Assert.Contains($"of {count} rows gives {trainCount} training and {testCount} test rows", error.Message, StringComparison.Ordinal);
    }

    private static int[] Ids(DataSet<T> data) =>
        Enumerable.Range(0, data.Count).Select(i => DataTestValues<T>.RowId(data, i)).ToArray();
}
