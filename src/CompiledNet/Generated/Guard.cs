using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CompiledNet.Generated;

/// <summary>Argument checks shared by the runtime and the generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int actual, int expected, string parameterName)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, parameterName);
        }
    }

    /// <summary>
    /// The number of samples in a batch stored row after row, checking that both spans hold whole rows of the same
    /// count and at least one.
    /// </summary>
    public static int BatchRows(int inputLength, int inputSize, int targetLength, int targetSize)
    {
        int count = inputLength / inputSize;
        if (count == 0 || inputLength % inputSize != 0 || targetLength != count * targetSize)
        {
            throw new ArgumentException(string.Format(
                CultureInfo.InvariantCulture,
                "A batch needs whole rows: {0} input values are not a positive multiple of {1}, or {2} target values are not {1}-value rows' count times {3}.",
                inputLength,
                inputSize,
                targetLength,
                targetSize));
        }

        return count;
    }

    /// <summary>
    /// The number of rows a batched inference runs: <paramref name="inputLength"/> must be whole rows (none is
    /// allowed) and <paramref name="outputLength"/> one output row for each.
    /// </summary>
    public static int ForwardRows(int inputLength, int inputSize, int outputLength, int outputSize, string outputName = "outputs", string inputName = "inputs")
    {
        int rows = inputLength / inputSize;
        if (inputLength % inputSize != 0)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "{0} holds {1} values, which is not a whole number of {2}-value rows.", inputName, inputLength, inputSize),
                inputName);
        }

        long needed = (long)rows * outputSize;
        if (outputLength != needed)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "{0} holds {1} values, but {2} rows of {3} outputs need {4}.", outputName, outputLength, rows, outputSize, needed),
                outputName);
        }

        return rows;
    }

    /// <summary>Throws unless every entry of <paramref name="order"/> is a row index below <paramref name="rows"/>.</summary>
    public static void Rows(ReadOnlySpan<int> order, int rows)
    {
        for (int i = 0; i < order.Length; i++)
        {
            if ((uint)order[i] >= (uint)rows)
            {
                ThrowRow(i, order[i], rows);
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowRow(int position, int row, int rows) =>
        throw new ArgumentOutOfRangeException(
            "order",
            row,
            string.Format(CultureInfo.InvariantCulture, "order[{0}] is {1}, but the spans hold rows 0 to {2}.", position, row, rows - 1));

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string parameterName) =>
        throw new ArgumentException(
            string.Format(CultureInfo.InvariantCulture, "Expected a span of length {0} but got length {1}.", expected, actual),
            parameterName);
}
