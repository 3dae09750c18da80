using System.Linq;
using CompiledNet.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// A user member named like one the generated part declares is CNET016 at the user's member, not a CS0102 or CS0111
/// inside the generated file.
/// </summary>
public sealed class ReservedNameTests
{
    [Theory]
    [InlineData("public void Forward(float[] input) { }", "Forward")]
    [InlineData("public float[] Parameters { get; } = new float[1];", "Parameters")]
    [InlineData("public const int InputSize = 2;", "InputSize")]
    [InlineData("private readonly float[] _parameters = new float[1];", "_parameters")]
    [InlineData("private void Layer1Forward() { }", "Layer1Forward")]
    [InlineData("public int TrainSamples;", "TrainSamples")]
    public void A_member_with_a_generated_name_is_reported_at_the_member(string member, string name)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class ClashNet
            {
                {{member}}
            }
            """);

        string message = DiagnosticAssert.Single(output, "CNET016", DiagnosticSeverity.Error, name, line: 6);
        Assert.Contains($"'{name}' is a name the generated part of network 'ClashNet' declares", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET016" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void Members_with_other_names_and_the_generated_members_themselves_are_not_reported()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class QuietNet
            {
                public float Predict(float x, float y)
                {
                    System.Span<float> output = stackalloc float[OutputSize];
                    Forward([x, y], output);
                    return output[0];
                }

                public int Layer1 { get; set; }
            }
            """);

        // The analyzer runs over the compilation that holds the generated part too.
        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(SampleNetworks.Golden), MemberType = typeof(SampleNetworks))]
    public void Every_member_the_generator_writes_has_a_reserved_name(string network)
    {
        GeneratorOutput output = GeneratorHarness.Run(SampleNetworks.ByName[network].Source);
        (SyntaxTree tree, TypeDeclarationSyntax networkType) = output.GeneratedNetwork(SampleNetworks.ByName[network].HintName);
        SemanticModel model = output.Compilation.GetSemanticModel(tree);

        var unlisted = networkType.Members
            .Select(m => m is FieldDeclarationSyntax field ? model.GetDeclaredSymbol(field.Declaration.Variables[0]) : model.GetDeclaredSymbol(m))
            .Where(symbol => symbol is not null and not IMethodSymbol { MethodKind: MethodKind.Constructor })
            .Where(symbol => !symbol!.Name.Contains('.'))
            .Select(symbol => symbol!.Name)
            .Where(name => !GeneratedMembers.IsReserved(name, bakesWeights: false))
            .ToList();

        Assert.Empty(unlisted);
    }
}
