using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CompiledNet;

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

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string parameterName) =>
        throw new ArgumentException(
            string.Format(CultureInfo.InvariantCulture, "Expected a span of length {0} but got length {1}.", expected, actual),
            parameterName);
}
