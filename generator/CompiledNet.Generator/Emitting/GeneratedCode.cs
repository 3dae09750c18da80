namespace CompiledNet.Generator.Emitting;

/// <summary>The [GeneratedCode] attribute put once on each generated network type.</summary>
internal static class GeneratedCode
{
    public static readonly string Attribute =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"CompiledNet.Generator\", \"" + typeof(GeneratedCode).Assembly.GetName().Version + "\")]";
}
