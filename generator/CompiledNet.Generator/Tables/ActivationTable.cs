using System.Globalization;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Tables;

/// <summary>
/// One entry per activation, in the order of <see cref="ActivationKind"/>: its formula, its derivative and what that
/// reads, the comment the generated code carries, its initialisation and its vectorised whole-span call. Derivatives
/// are written from y wherever that is exact, so backward needs no second pass through Exp or Tanh. A test checks
/// that every kind has exactly one entry.
/// </summary>
internal static class ActivationTable
{
    private const string Runtime = "global::CompiledNet.Generated.Activations.";

    /// <summary>The approximate sigmoid of one value or of a vector layer's four lanes.</summary>
    public const string ApproximateSigmoid = "global::CompiledNet.Generated.ApproximateSigmoid.Compute";

    public static readonly ActivationEntry[] Entries =
    {
        new(ActivationKind.Linear)
        {
            Apply = static (s, _, z) => z,
            IsIdentity = true,
            DerivativeReads = DerivativeInput.Nothing,
            DerivativeComment = "linear'(z) = 1",
            Initialization = WeightInitialization.GlorotUniform,
            OnHiddenLayer = HiddenLayerUse.Discouraged,
        },
        new(ActivationKind.Sigmoid)
        {
            Apply = static (s, _, z) => $"{s.Literal(1)} / ({s.Literal(1)} + {s.Math}.Exp(-{z}))",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, _, y) => $"{y} * ({s.Literal(1)} - {y})",
            DerivativeComment = "sigmoid'(z) = y(1 - y)",
            Initialization = WeightInitialization.GlorotUniform,
            SpanMethod = "Sigmoid",
        },
        new(ActivationKind.Tanh)
        {
            Apply = static (s, _, z) => $"{s.Math}.Tanh({z})",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, _, y) => $"{s.Literal(1)} - {y} * {y}",
            DerivativeComment = "tanh'(z) = 1 - y²",
            Initialization = WeightInitialization.GlorotUniform,
            SpanMethod = "Tanh",
        },
        new(ActivationKind.ReLU)
        {
            // Max, not a comparison: a NaN must reach the loss (as in PyTorch) so training reports it.
            Apply = static (s, _, z) => $"{s.Math}.Max({z}, {s.Literal(0)})",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, _, y) => $"{y} > {s.Literal(0)} ? {s.Literal(1)} : {s.Literal(0)}",
            DerivativeComment = "relu'(z) = 1 where y > 0, else 0",
            Initialization = WeightInitialization.HeUniform,
            SpanMethod = "ReLU",
            SpanDerivative = "ReLUBackward",
        },
        new(ActivationKind.LeakyReLU)
        {
            Apply = static (s, slope, z) => $"{z} > {s.Literal(0)} ? {z} : {s.Literal(slope)} * {z}",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, slope, y) => $"{y} > {s.Literal(0)} ? {s.Literal(1)} : {s.Literal(slope)}",
            DerivativeComment = "leaky_relu'(z) = 1 where y > 0, else the negative slope",
            Initialization = WeightInitialization.HeUniform,
            Parameter = new("NegativeSlope", 0.01f, static slope => IsFinite(slope) && slope >= 0f, "a finite number at least 0"),
        },
        new(ActivationKind.ELU)
        {
            Apply = static (s, alpha, z) => $"{z} > {s.Literal(0)} ? {z} : {(alpha == 1f ? "" : s.Literal(alpha) + " * ")}({s.Math}.Exp({z}) - {s.Literal(1)})",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, alpha, y) => $"{y} > {s.Literal(0)} ? {s.Literal(1)} : {y} + {s.Literal(alpha)}",
            DerivativeComment = "elu'(z) = 1 where y > 0, else y + α",
            Initialization = WeightInitialization.HeUniform,
            Parameter = new("Alpha", 1f, static alpha => IsFinite(alpha) && alpha > 0f, "a finite number greater than 0"),
        },
        new(ActivationKind.Softplus)
        {
            Apply = static (s, _, z) => $"{s.Math}.Max({z}, {s.Literal(0)}) + {s.Math}.Log({s.Literal(1)} + {s.Math}.Exp(-{s.Math}.Abs({z})))",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, _, y) => $"{s.Literal(1)} - {s.Math}.Exp(-{y})",
            DerivativeComment = "softplus'(z) = σ(z) = 1 - e^-y",
            Initialization = WeightInitialization.HeUniform,
        },
        new(ActivationKind.SiLU)
        {
            // Too long to read well inline: the runtime holds the formula and its derivative.
            Apply = static (s, _, z) => $"{Runtime}SiLU<{s.Keyword}>({z})",
            DerivativeReads = DerivativeInput.PreActivation,
            Derivative = static (s, _, z) => $"{Runtime}SiLUDerivative<{s.Keyword}>({z})",
            DerivativeComment = "silu'(z) = σ(z)(1 + z(1 - σ(z)))",
            Initialization = WeightInitialization.HeUniform,
        },
        new(ActivationKind.GELU)
        {
            Apply = static (s, _, z) => $"{Runtime}Gelu<{s.Keyword}>({z})",
            DerivativeReads = DerivativeInput.PreActivation,
            Derivative = static (s, _, z) => $"{Runtime}GeluDerivative<{s.Keyword}>({z})",
            DerivativeComment = "gelu'(z), tanh form",
            Initialization = WeightInitialization.HeUniform,
        },
        new(ActivationKind.Softmax)
        {
            // Couples every output of a sample, so it runs once the whole layer's z is known.
            DerivativeReads = DerivativeInput.Output,
            DerivativeComment = "the softmax Jacobian: dz_j = y_j (dy_j - Σ_k dy_k y_k)",
            Initialization = WeightInitialization.GlorotUniform,
            CoupledForward = "Softmax",
            CoupledBackward = "SoftmaxBackward",
            OnHiddenLayer = HiddenLayerUse.Forbidden,
        },
        new(ActivationKind.ApproximateSigmoid)
        {
            Apply = static (s, _, z) => $"{ApproximateSigmoid}({z})",
            DerivativeReads = DerivativeInput.Output,
            Derivative = static (s, _, y) => $"{y} * ({s.Literal(1)} - {y})",
            DerivativeComment = "sigmoid'(z) = y(1 - y), the approximation's own slope within 0.4%",
            Initialization = WeightInitialization.GlorotUniform,
        },
    };

    public static ActivationEntry Of(ActivationKind kind) => Entries[(int)kind];

    /// <summary>The runtime call that applies a span method or coupled method of <see cref="Entries"/>.</summary>
    public static string Call(string method, Scalar s, string arguments) => $"{Runtime}{method}<{s.Keyword}>({arguments})";

    /// <summary>f'(z) of <paramref name="entry"/> from its y or z operand, or null where it is 1 or a Jacobian.</summary>
    public static string? DerivativeOf(ActivationEntry entry, float parameter, Scalar s, string output, string preActivation)
    {
        string operand = entry.DerivativeReads == DerivativeInput.PreActivation ? preActivation : output;
        return entry.Derivative?.Invoke(s, parameter, operand);
    }

    public static string FormatParameter(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
}
