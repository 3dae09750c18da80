namespace CompiledNet.Generator.Model;

/// <summary>Mirrors CompiledNet.Precision.</summary>
internal enum PrecisionKind
{
    Single = 0,
    Double = 1,
}
