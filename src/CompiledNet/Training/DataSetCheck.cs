using System;
using System.Globalization;

namespace CompiledNet;

/// <summary>Checks jagged rows against a network's sizes before training starts, so a bad row fails fast with its index.</summary>
internal static class DataSetCheck
{
    public static void Rows<T>(T[][] rows, int expectedLength, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(rows, parameterName);
        if (rows.Length == 0)
        {
            throw new ArgumentException("The data set is empty; training needs at least one sample.", parameterName);
        }

        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "Row {0} is null.", i), parameterName);
            }

            if (rows[i].Length != expectedLength)
            {
                throw new ArgumentException(
                    string.Format(CultureInfo.InvariantCulture, "Row {0} has {1} values but the network expects {2}.", i, rows[i].Length, expectedLength),
                    parameterName);
            }
        }
    }
}
