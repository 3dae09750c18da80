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

    public string Literal(int value) => value.ToString(CultureInfo.InvariantCulture) + _suffix;
}
