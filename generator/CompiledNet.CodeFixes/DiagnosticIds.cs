namespace CompiledNet.CodeFixes;

/// <summary>
/// The ids of the diagnostics fixed here, as the generator's DiagnosticDescriptors declares them; kept as strings so
/// this assembly needs no reference to the generator.
/// </summary>
internal static class DiagnosticIds
{
    public const string TypeNotPartial = "CNET001";
    public const string SoftmaxOnHiddenLayer = "CNET006";
    public const string LossDoesNotFitOutput = "CNET007";
    public const string LinearHiddenLayer = "CNET009";
    public const string StaticNetwork = "CNET012";
}
