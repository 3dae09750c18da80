namespace CompiledNet.Generator.Parsing;

/// <summary>The runtime's attributes, found by metadata name so the generator needs no reference to the runtime.</summary>
internal static class AttributeNames
{
    public const string Network = "CompiledNet.NetworkAttribute";
    public const string Input = "CompiledNet.InputAttribute";
    public const string Dense = "CompiledNet.DenseAttribute";
    public const string NativeExport = "CompiledNet.NativeExportAttribute";
    public const string Conv2D = "CompiledNet.Conv2DAttribute";
    public const string MaxPool2D = "CompiledNet.MaxPool2DAttribute";
    public const string AvgPool2D = "CompiledNet.AvgPool2DAttribute";
    public const string Dropout = "CompiledNet.DropoutAttribute";

    /// <summary>The attributes that declare a layer; the layers run in the order these are written.</summary>
    public static readonly string[] Layers = { Dense, Conv2D, MaxPool2D, AvgPool2D, Dropout };

    /// <summary>The analyzer checks a class against the declaration carrying the first of these it has.</summary>
    public static readonly string[] ByPriority = { Input, Dense, Network };
}
