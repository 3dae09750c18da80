using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Tables;

/// <summary>An expression built from the layer's scalar type, the activation's parameter and one operand (z or y).</summary>
internal delegate string ActivationFormula(Scalar s, float parameter, string operand);

/// <summary>What an activation's derivative is written from.</summary>
internal enum DerivativeInput
{
    /// <summary>f' is the constant 1: nothing to read.</summary>
    Nothing,

    /// <summary>f' is exact from the output y (sigmoid' = y(1 - y)), so backward needs no second Exp or Tanh.</summary>
    Output,

    /// <summary>f' needs the pre-activation z, which the layer then keeps.</summary>
    PreActivation,
}

/// <summary>How a layer's weights are drawn.</summary>
internal enum WeightInitialization
{
    /// <summary>Glorot (Xavier) uniform, for activations symmetric around 0 or saturating.</summary>
    GlorotUniform,

    /// <summary>He (Kaiming) uniform, for the ReLU family.</summary>
    HeUniform,
}

/// <summary>Whether an activation may sit on a hidden layer.</summary>
internal enum HiddenLayerUse
{
    Allowed,

    /// <summary>Allowed, with warning CNET009: the layers around collapse into one linear map.</summary>
    Discouraged,

    /// <summary>Error CNET006: the activation couples a whole layer and only fits the output.</summary>
    Forbidden,
}

/// <summary>An activation's one tunable value, set by a named property of [Dense].</summary>
/// <param name="Name">The [Dense] property and the DenseLayerInfo argument.</param>
/// <param name="Default">The value when the property is not set.</param>
/// <param name="IsValid">Whether a value is allowed.</param>
/// <param name="Requirement">What CNET011 says a value must be.</param>
internal sealed record ActivationParameter(string Name, float Default, System.Func<float, bool> IsValid, string Requirement);

/// <summary>Everything the generator knows of one activation; <see cref="ActivationTable"/> holds one per kind.</summary>
internal sealed class ActivationEntry
{
    public ActivationEntry(ActivationKind kind) => Kind = kind;

    public ActivationKind Kind { get; }

    /// <summary>y = f(z), one neuron at a time; null when the activation couples the whole layer (see <see cref="CoupledForward"/>).</summary>
    public ActivationFormula? Apply { get; init; }

    /// <summary>f is the identity, so a looped layer that need not keep z writes its output directly.</summary>
    public bool IsIdentity { get; init; }

    /// <summary>What <see cref="Derivative"/> (or the Jacobian) reads.</summary>
    public DerivativeInput DerivativeReads { get; init; }

    /// <summary>f' from the operand <see cref="DerivativeReads"/> names; null where it is 1 or a Jacobian.</summary>
    public ActivationFormula? Derivative { get; init; }

    /// <summary>The derivative as the comment in the generated backward code reads it.</summary>
    public string DerivativeComment { get; init; } = "";

    public WeightInitialization Initialization { get; init; }

    /// <summary>
    /// A runtime method of CompiledNet.Generated.Activations that applies f to a whole span at once, vectorised: a
    /// looped or batched layer calls it instead of a per-neuron loop. Null where the loop is as good.
    /// </summary>
    public string? SpanMethod { get; init; }

    /// <summary>
    /// A runtime method of CompiledNet.Generated.Activations that multiplies a whole span of dLoss/dy by f', read from
    /// the operand <see cref="DerivativeReads"/> names, with the inline form's arithmetic. A convolution, whose layers
    /// are wide, calls it instead of a per-value loop; null where there is none.
    /// </summary>
    public string? SpanDerivative { get; init; }

    /// <summary>For a coupled activation: the runtime method that maps one sample's z to y.</summary>
    public string? CoupledForward { get; init; }

    /// <summary>For a coupled activation: the runtime method whose Jacobian turns one sample's dLoss/dy into dLoss/dz in place.</summary>
    public string? CoupledBackward { get; init; }

    public ActivationParameter? Parameter { get; init; }

    public HiddenLayerUse OnHiddenLayer { get; init; }

    /// <summary>A layer with this activation writes z: its derivative reads it, or its forward pass needs all of it first.</summary>
    public bool NeedsPreActivation => DerivativeReads == DerivativeInput.PreActivation || Apply is null;
}
