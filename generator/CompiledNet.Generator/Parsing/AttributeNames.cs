namespace CompiledNet.Generator.Parsing;

/// <summary>The runtime's attributes, found by metadata name so the generator needs no reference to the runtime.</summary>
internal static class AttributeNames
{
    public const string Network = "CompiledNet.NetworkAttribute";
    public const string Input = "CompiledNet.InputAttribute";
    public const string Dense = "CompiledNet.DenseAttribute";

    /// <summary>
    /// A class is handled by the pipeline of the first of these it carries, so each network is parsed exactly once
    /// and a class missing [Input] or [Dense] still gets its diagnostics.
    /// </summary>
    public static readonly string[] ByPriority = { Input, Dense, Network };
}
