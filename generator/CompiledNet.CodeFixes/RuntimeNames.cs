namespace CompiledNet.CodeFixes;

/// <summary>The runtime's attributes and enums, by metadata name (the fixes need no reference to the runtime).</summary>
internal static class RuntimeNames
{
    public const string NetworkAttribute = "CompiledNet.NetworkAttribute";
    public const string InputAttribute = "CompiledNet.InputAttribute";
    public const string DenseAttribute = "CompiledNet.DenseAttribute";
    public const string Activation = "CompiledNet.Activation";
    public const string Loss = "CompiledNet.Loss";

    /// <summary>The [Dense] constructor parameter that takes the activation.</summary>
    public const string ActivationParameter = "activation";

    /// <summary>The [Network] property that takes the loss.</summary>
    public const string LossProperty = "Loss";

    public static bool IsNetworkAttribute(string? name) => name is NetworkAttribute or InputAttribute or DenseAttribute;
}
