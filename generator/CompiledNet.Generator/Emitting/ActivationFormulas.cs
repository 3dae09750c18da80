using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Each activation and its derivative as C# expressions. Derivatives are written from the layer's output y wherever
/// that is exact (sigmoid' = y(1 - y), tanh' = 1 - y², ...), so backward needs no second pass through Exp or Tanh.
/// </summary>
internal static class ActivationFormulas
{
    /// <summary>The expression for y = f(z), given the expression <paramref name="z"/> (a plain variable).</summary>
    public static string Apply(LayerSpec layer, Scalar s, string z)
    {
        string zero = s.Literal(0), one = s.Literal(1);
        return layer.Activation switch
        {
            ActivationKind.Sigmoid => $"{one} / ({one} + {s.Math}.Exp(-{z}))",
            ActivationKind.Tanh => $"{s.Math}.Tanh({z})",
            // Max, not a comparison: a NaN must reach the loss (as in PyTorch) so training reports it.
            ActivationKind.ReLU => $"{s.Math}.Max({z}, {zero})",
            ActivationKind.LeakyReLU => $"{z} > {zero} ? {z} : {s.Literal(layer.NegativeSlope)} * {z}",
            ActivationKind.ELU => $"{z} > {zero} ? {z} : {AlphaTimes(layer, s)}({s.Math}.Exp({z}) - {one})",
            ActivationKind.Softplus => $"{s.Math}.Max({z}, {zero}) + {s.Math}.Log({one} + {s.Math}.Exp(-{s.Math}.Abs({z})))",
            ActivationKind.SiLU => $"global::CompiledNet.Generated.Activations.SiLU<{s.Keyword}>({z})",
            ActivationKind.GELU => $"global::CompiledNet.Generated.Activations.Gelu<{s.Keyword}>({z})",
            _ => z,
        };
    }

    /// <summary>
    /// For a looped layer, a call that applies the activation to the whole layer at once, vectorised (tanh and
    /// sigmoid, whose scalar forms cost the most per neuron); null where a per-neuron loop is as good.
    /// </summary>
    public static string? WholeLayerCall(LayerSpec layer, Scalar s, string z, string y) => layer.Activation switch
    {
        ActivationKind.Tanh => $"global::CompiledNet.Generated.Activations.Tanh<{s.Keyword}>({z}, {y});",
        ActivationKind.Sigmoid => $"global::CompiledNet.Generated.Activations.Sigmoid<{s.Keyword}>({z}, {y});",
        _ => null,
    };

    /// <summary>
    /// The expression for f'(z) from the output <paramref name="y"/> or the pre-activation <paramref name="z"/>,
    /// or null where f' is 1 (Linear) or handled for the whole layer (Softmax).
    /// </summary>
    public static string? Derivative(LayerSpec layer, Scalar s, string y, string z)
    {
        string zero = s.Literal(0), one = s.Literal(1);
        return layer.Activation switch
        {
            ActivationKind.Sigmoid => $"{y} * ({one} - {y})",
            ActivationKind.Tanh => $"{one} - {y} * {y}",
            ActivationKind.ReLU => $"{y} > {zero} ? {one} : {zero}",
            ActivationKind.LeakyReLU => $"{y} > {zero} ? {one} : {s.Literal(layer.NegativeSlope)}",
            ActivationKind.ELU => $"{y} > {zero} ? {one} : {y} + {s.Literal(layer.Alpha)}",
            ActivationKind.Softplus => $"{one} - {s.Math}.Exp(-{y})",
            ActivationKind.SiLU => $"global::CompiledNet.Generated.Activations.SiLUDerivative<{s.Keyword}>({z})",
            ActivationKind.GELU => $"global::CompiledNet.Generated.Activations.GeluDerivative<{s.Keyword}>({z})",
            _ => null,
        };
    }

    /// <summary>A comment line naming the derivative the backward code applies.</summary>
    public static string DerivativeComment(LayerSpec layer) => layer.Activation switch
    {
        ActivationKind.Sigmoid => "sigmoid'(z) = y(1 - y)",
        ActivationKind.Tanh => "tanh'(z) = 1 - y²",
        ActivationKind.ReLU => "relu'(z) = 1 where y > 0, else 0",
        ActivationKind.LeakyReLU => "leaky_relu'(z) = 1 where y > 0, else the negative slope",
        ActivationKind.ELU => "elu'(z) = 1 where y > 0, else y + α",
        ActivationKind.Softplus => "softplus'(z) = σ(z) = 1 - e^-y",
        ActivationKind.SiLU => "silu'(z) = σ(z)(1 + z(1 - σ(z)))",
        ActivationKind.GELU => "gelu'(z), tanh form",
        ActivationKind.Softmax => "the softmax Jacobian: dz_j = y_j (dy_j - Σ_k dy_k y_k)",
        _ => "linear'(z) = 1",
    };

    /// <summary>Whether the derivative reads the layer's output y.</summary>
    public static bool DerivativeUsesOutput(LayerSpec layer) =>
        !layer.LossGivesPreActivationGradient
        && layer.Activation is not (ActivationKind.Linear or ActivationKind.SiLU or ActivationKind.GELU);

    /// <summary>Whether the derivative reads the pre-activation z.</summary>
    public static bool DerivativeUsesPreActivation(LayerSpec layer) =>
        !layer.LossGivesPreActivationGradient && layer.Activation is ActivationKind.SiLU or ActivationKind.GELU;

    private static string AlphaTimes(LayerSpec layer, Scalar s) =>
        layer.Alpha == 1f ? string.Empty : s.Literal(layer.Alpha) + " * ";
}
