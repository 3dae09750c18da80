using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace CompiledNet;

/// <summary>
/// The checks every <see cref="DataSet{T}"/> factory runs before it builds anything, so a bad data set fails with
/// the row and column at fault instead of surfacing later as a NaN loss.
/// </summary>
internal static class DataSetValidation
{
    /// <summary>Both sides of a data set must have one row per sample.</summary>
    public static void SameRowCount(int inputRows, int otherRows, string otherName, string parameterName)
    {
        if (inputRows != otherRows)
        {
            throw new ArgumentException(
                Invariant($"There are {inputRows} input rows but {otherRows} {otherName}; each input needs exactly one."),
                parameterName);
        }
    }

    /// <summary>A data set with no rows can neither train nor be evaluated.</summary>
    public static void NotEmpty(int rowCount, string parameterName)
    {
        if (rowCount == 0)
        {
            throw new ArgumentException("The data set is empty; it needs at least one row.", parameterName);
        }
    }

    /// <summary>Checks that jagged rows are non-null and all as long as row 0, which must hold at least one value.</summary>
    /// <returns>The common row length.</returns>
    public static int JaggedRows<T>(T[][] rows, string side, string parameterName)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null)
            {
                throw new ArgumentException(Invariant($"{Capitalized(side)} row {i} is null."), parameterName);
            }
        }

        int rowSize = rows[0].Length;
        RowSize(rowSize, side, parameterName);
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i].Length != rowSize)
            {
                throw new ArgumentException(
                    Invariant($"{Capitalized(side)} row {i} has {rows[i].Length} values but row 0 has {rowSize}; every {side} row must have the same length."),
                    parameterName);
            }
        }

        return rowSize;
    }

    /// <summary>A row must hold at least one value, or there is nothing to learn from or predict.</summary>
    public static void RowSize(int rowSize, string side, string parameterName)
    {
        if (rowSize <= 0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                rowSize,
                Invariant($"{Capitalized(side)} rows have {rowSize} values; a row needs at least one."));
        }
    }

    /// <summary>Checks a flat row-major buffer splits into whole rows of a valid size and returns how many.</summary>
    public static int FlatRowCount(int length, int rowSize, string side, string parameterName, string sizeParameterName)
    {
        RowSize(rowSize, side, sizeParameterName);
        if (length % rowSize != 0)
        {
            throw new ArgumentException(
                Invariant($"The {side} buffer holds {length} values, which is not a multiple of the row size {rowSize}."),
                parameterName);
        }

        return length / rowSize;
    }

    /// <summary>Rejects a data set whose flat buffer would not fit in one array.</summary>
    public static int FlatLength(int rowCount, int rowSize, string side, string parameterName)
    {
        long length = (long)rowCount * rowSize;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(
                Invariant($"{rowCount} {side} rows of {rowSize} values make {length} values, more than one array can hold ({Array.MaxLength})."),
                parameterName);
        }

        return (int)length;
    }

    /// <summary>Checks every label names one of the classes.</summary>
    public static void Labels(ReadOnlySpan<int> labels, int classCount)
    {
        if (classCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "There must be at least one class.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    labels[i],
                    Invariant($"Row {i} has label {labels[i]}, outside [0, {classCount}) for {classCount} classes."));
            }
        }
    }

    /// <summary>Rejects NaN and infinities in jagged rows, naming the first one found.</summary>
    public static void Finite<T>(T[][] rows, string side, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int row = 0; row < rows.Length; row++)
        {
            int column = FirstNonFinite<T>(rows[row]);
            if (column >= 0)
            {
                ThrowNonFinite(rows[row][column], row, column, side, parameterName);
            }
        }
    }

    /// <summary>Rejects NaN and infinities in a flat row-major buffer, naming the first one found.</summary>
    public static void Finite<T>(ReadOnlySpan<T> values, int rowSize, string side, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int index = FirstNonFinite(values);
        if (index >= 0)
        {
            ThrowNonFinite(values[index], index / rowSize, index % rowSize, side, parameterName);
        }
    }

    /// <summary>Formats with the invariant culture, so messages read the same on every machine.</summary>
    public static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    private static int FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [DoesNotReturn]
    private static void ThrowNonFinite<T>(T value, int row, int column, string side, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new ArgumentException(
            Invariant($"{Capitalized(side)} row {row}, column {column} is {value.ToString(null, CultureInfo.InvariantCulture)}; every value must be finite so training never starts on NaN data."),
            parameterName);

    private static string Capitalized(string side) => char.ToUpperInvariant(side[0]) + side[1..];
}
