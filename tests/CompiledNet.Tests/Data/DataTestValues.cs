using System;
using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Data;

/// <summary>Seeded test data and comparisons shared by the data-set and scaler tests, for float and double alike.</summary>
internal static class DataTestValues<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T V(double value) => T.CreateChecked(value);

    /// <summary>Rows of values uniform in [-limit, limit), drawn from <paramref name="seed"/>.</summary>
    public static T[][] RandomRows(int count, int size, int seed, double limit = 5.0)
    {
        var random = new SeededRandom(seed);
        var rows = new T[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = new T[size];
            random.FillUniform<T>(rows[i], limit);
        }

        return rows;
    }

    /// <summary>Input rows whose column 0 is the row's own index, so a row can be recognised after shuffling.</summary>
    public static T[][] NumberedRows(int count, int size, int seed)
    {
        T[][] rows = RandomRows(count, size, seed);
        for (int i = 0; i < count; i++)
        {
            rows[i][0] = V(i);
        }

        return rows;
    }

    public static int[] RandomLabels(int count, int classCount, int seed)
    {
        var random = new SeededRandom(seed);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.NextInt32(classCount);
        }

        return labels;
    }

    public static T[,] ToMatrix(T[][] rows)
    {
        var matrix = new T[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows[i].Length; j++)
            {
                matrix[i, j] = rows[i][j];
            }
        }

        return matrix;
    }

    public static T[] ToFlat(T[][] rows)
    {
        var flat = new T[rows.Length * rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(flat, i * rows[0].Length);
        }

        return flat;
    }

    /// <summary>Asserts that two data sets hold the same shape and exactly the same values.</summary>
    public static void AssertSame(DataSet<T> expected, DataSet<T> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.InputSize, actual.InputSize);
        Assert.Equal(expected.TargetSize, actual.TargetSize);
        Assert.Equal(expected.Inputs.ToArray(), actual.Inputs.ToArray());
        Assert.Equal(expected.Targets.ToArray(), actual.Targets.ToArray());
    }

    /// <summary>Asserts that a data set's rows are exactly the given jagged rows.</summary>
    public static void AssertRows(T[][] inputs, T[][] targets, DataSet<T> data)
    {
        Assert.Equal(inputs.Length, data.Count);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(inputs[i], data.Input(i).ToArray());
            Assert.Equal(targets[i], data.Target(i).ToArray());
        }
    }

    /// <summary>The row id stored in column 0 by <see cref="NumberedRows"/>.</summary>
    public static int RowId(DataSet<T> data, int index) => int.CreateChecked(data.Input(index)[0]);
}
