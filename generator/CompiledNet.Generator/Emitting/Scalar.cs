using System.Globalization;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Emitting;

/// <summary>How the emitted code spells its scalar type, so the emitters do not hard-code float.</summary>
internal sealed class Scalar
{
    public static readonly Scalar Single = new("float", "global::System.MathF", "f");

    public static readonly Scalar Double = new("double", "global::System.Math", "d");

    public static Scalar For(PrecisionKind precision) => precision == PrecisionKind.Double ? Double : Single;

    private Scalar(string keyword, string math, string suffix)
    {
        Keyword = keyword;
        Math = math;
        _suffix = suffix;
    }

    private readonly string _suffix;

    /// <summary>The C# keyword, e.g. "float".</summary>
    public string Keyword { get; }

    /// <summary>The class with Exp, Tanh, Log, e.g. "global::System.MathF".</summary>
    public string Math { get; }

    public string Span => "global::System.Span<" + Keyword + ">";

    public string ReadOnlySpan => "global::System.ReadOnlySpan<" + Keyword + ">";

    /// <summary>
    /// A literal that round-trips: 0.01 becomes "0.01f". Attribute values are floats, so a double network gets the
    /// float's shortest decimal ("0.01d"), the value the user wrote, not the float's binary expansion.
    /// </summary>
    public string Literal(float value) => value.ToString("R", CultureInfo.InvariantCulture) + _suffix;

    /// <summary>
    /// A literal of exactly <paramref name="value"/> in this precision (a float network's values are floats held in a
    /// double), for weights compiled in: the shortest decimal that parses back to the same bits, else 9 or 17 digits.
    /// </summary>
    public string Exact(double value)
    {
        if (Keyword == "float")
        {
            float single = (float)value;
            string shortest = single.ToString("R", CultureInfo.InvariantCulture);
            bool roundTrips = float.Parse(shortest, CultureInfo.InvariantCulture).Equals(single) && IsNegative(shortest) == IsNegative(single);
            return (roundTrips ? shortest : single.ToString("G9", CultureInfo.InvariantCulture)) + _suffix;
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        bool exact = double.Parse(text, CultureInfo.InvariantCulture).Equals(value) && IsNegative(text) == IsNegative(value);
        return (exact ? text : value.ToString("G17", CultureInfo.InvariantCulture)) + _suffix;
    }

    private static bool IsNegative(string text) => text.StartsWith("-", System.StringComparison.Ordinal);

    // -0 must keep its sign: it is a different bit pattern, and the baked network must equal the loaded one bit for bit.
    private static bool IsNegative(double value) => value < 0 || (value == 0 && double.IsNegativeInfinity(1 / value));

    public string Literal(int value) => value.ToString(CultureInfo.InvariantCulture) + _suffix;
}
