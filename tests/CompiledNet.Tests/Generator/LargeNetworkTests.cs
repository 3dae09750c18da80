using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>MNIST-sized networks: layers far past the unroll threshold must still give small, warning-free code.</summary>
public sealed class LargeNetworkTests
{
    [Theory]
    [InlineData("Mnist", new[] { 784, 256, 10 })]
    [InlineData("Mnist512", new[] { 784, 512, 512, 10 })]
    public void Large_network_generates_and_compiles_without_warnings(string network, int[] sizes)
    {
        GeneratorOutput output = GeneratorHarness.Run(SampleNetworks.ByName[network].Source);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        string source = Assert.Single(output.Sources).Value;
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));

        using var image = new MemoryStream();
        EmitResult emitted = output.Compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        // Every layer is past the threshold, so each becomes a loop over rows rather than straight-line code.
        int parameters = Enumerable.Range(1, sizes.Length - 1).Sum(i => (sizes[i - 1] + 1) * sizes[i]);
        Assert.Contains($"public const int ParameterCount = {parameters};", source, System.StringComparison.Ordinal);
        Assert.Equal(sizes.Length - 1, CountOf(source, ", looped."));
        Assert.Equal(0, CountOf(source, ", unrolled."));
    }

    private static int CountOf(string text, string fragment) =>
        (text.Length - text.Replace(fragment, string.Empty, System.StringComparison.Ordinal).Length) / fragment.Length;
}
