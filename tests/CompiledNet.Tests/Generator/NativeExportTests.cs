using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>[NativeExport]: its diagnostics (CNET018, CNET019) and the entry points it generates.</summary>
public sealed class NativeExportTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    [Theory]
    [InlineData("\"1xor\"")]
    [InlineData("\"xor-net\"")]
    [InlineData("\"\"")]
    [InlineData("\"x or\"")]
    [InlineData("\"netz\u00e9\"")]
    [InlineData("null")]
    public void CNET018_prefix_that_is_not_a_C_identifier(string prefix)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            namespace Diagnostics;
            [NativeExport({{prefix}})]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class BadPrefixNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET018", Error, $"NativeExport({prefix})", line: 3);
        Assert.Contains("'BadPrefixNet'", message, System.StringComparison.Ordinal);
        Assert.Contains("not a C identifier", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET018" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("xor")]
    [InlineData("_net2")]
    [InlineData("Fashion_MNIST_v1")]
    public void C_identifier_prefixes_are_accepted(string prefix)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            namespace Diagnostics;
            [NativeExport("{{prefix}}")]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class GoodPrefixNet;
            """);

        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        Assert.Contains($"EntryPoint = \"{prefix}_forward\"", Assert.Single(output.Sources).Value, System.StringComparison.Ordinal);
    }

    [Fact]
    public void CNET019_native_export_without_unsafe_code()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile("""
            using CompiledNet;
            namespace Diagnostics;
            [NativeExport("safe")]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SafeNet;
            """);
        GeneratorOutput output = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithAllowUnsafe(false)));

        string message = DiagnosticAssert.Single(output, "CNET019", Error, "NativeExport(\"safe\")", line: 3);
        Assert.Contains("<AllowUnsafeBlocks>true</AllowUnsafeBlocks>", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET019" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void A_network_without_native_export_compiles_without_unsafe_code()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(SampleNetworks.Xor.Source);
        GeneratorOutput output = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithAllowUnsafe(false)));

        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        Assert.DoesNotContain("unsafe", Assert.Single(output.Sources).Value, System.StringComparison.Ordinal);
    }

    [Fact]
    public void CNET020_native_export_with_constructors_that_all_take_arguments()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            [NativeExport("seeded")]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SeededNet
            {
                public SeededNet(int seed) => InitializeParameters(seed);
            }
            """);

        string message = DiagnosticAssert.Single(output, "CNET020", Error, "NativeExport(\"seeded\")", line: 3);
        Assert.Contains("add a parameterless constructor", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET020" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("private OwnNet() { }")]
    [InlineData("public OwnNet(int seed = 0) => InitializeParameters(seed);")]
    public void A_private_or_all_optional_constructor_serves_the_exports(string constructor)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            namespace Diagnostics;
            [NativeExport("own")]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class OwnNet
            {
                {{constructor}}
            }
            """);

        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        Assert.Single(output.Sources);
    }

    [Fact]
    public void Double_precision_network_exports_double_pointers()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            [Network(Precision = Precision.Double)]
            [NativeExport("wide")]
            [Input(3)]
            [Dense(5, Activation.ReLU)]
            [Dense(2)]
            public partial class WideNet;
            """);

        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        string source = Assert.Single(output.Sources).Value;
        Assert.Contains("public static int Forward(double* input, int inputLength, double* output, int outputLength)", source, System.StringComparison.Ordinal);
        Assert.Contains("double learningRate, double* loss)", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_network_exports_name_it_from_global()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics.Inner;
            public static partial class Outer
            {
                [NativeExport("nested")]
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class NestedNet;
            }
            """);

        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        Assert.Contains("private static readonly global::Diagnostics.Inner.Outer.NestedNet s_network = new();", Assert.Single(output.Sources).Value, System.StringComparison.Ordinal);
    }
}
