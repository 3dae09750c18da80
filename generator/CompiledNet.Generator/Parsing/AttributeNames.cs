namespace CompiledNet.Generator.Parsing;

/// <summary>The runtime's attributes, found by metadata name so the generator needs no reference to the runtime.</summary>
internal static class AttributeNames
{
    public const string Network = "CompiledNet.NetworkAttribute";
    public const string Input = "CompiledNet.InputAttribute";
    public const string Dense = "CompiledNet.DenseAttribute";
    public const string NativeExport = "CompiledNet.NativeExportAttribute";

    /// <summary>The analyzer checks a class against the declaration carrying the first of these it has.</summary>
    public static readonly string[] ByPriority = { Input, Dense, Network };
}
