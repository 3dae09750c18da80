using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The ways a network can be declared besides the plain case: records, split partial declarations, several
/// problems at once, user constructors, identifiers that need escaping, and code the compiler itself rejects.
/// </summary>
public sealed class DeclarationShapeTests
{
    [Theory]
    [InlineData("public partial record RecordNet;")]
    [InlineData("public partial record class RecordNet;")]
    [InlineData("public sealed partial record RecordNet { public int Tag { get; init; } }")]
    public void Record_networks_are_refused_because_a_with_copy_would_share_the_weights(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            namespace Shapes;
            [Input(2)]
            [Dense(3, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            {{declaration}}
            """);

        string message = DiagnosticAssert.Single(output, "CNET017", DiagnosticSeverity.Error, "RecordNet", line: 6);
        Assert.Contains("'with' copy would share its weights", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET017" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void Record_struct_generates_nothing_and_leaves_the_error_to_the_compiler()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial record struct RS;
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.Sources);
        // The attributes apply to classes only: CS0592, and nothing from a generated file.
        Assert.Equal(new[] { "CS0592", "CS0592" }, output.CompilationProblems.Select(d => d.Id));
    }

    [Fact]
    public void Network_with_several_errors_reports_each_of_them()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Network(Loss = Loss.BinaryCrossEntropy)]
            [Input(0)]
            [Dense(4, Activation.Softmax)]
            [Dense(-2, Activation.LeakyReLU, NegativeSlope = -1f)]
            [Dense(3)]
            [Dense(2, Activation.Softmax)]
            public class BrokenNet;
            """);

        Assert.Empty(output.Exceptions);
        // Not partial; [Input(0)] and Dense(-2) sizes; hidden Softmax; bad slope; Linear hidden; BCE on a Softmax output.
        Assert.Equal(
            new[] { "CNET001", "CNET005", "CNET005", "CNET006", "CNET007", "CNET009", "CNET011" },
            DiagnosticAssert.Ids(output));
        Assert.Equal(
            new[] { "Input(0)", "Dense(-2, Activation.LeakyReLU, NegativeSlope = -1f)" },
            output.Diagnostics.Where(d => d.Id == "CNET005").Select(d => DiagnosticAssert.TextAt(output.Compilation, d.Location)));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void Class_with_only_a_network_attribute_reports_missing_input_and_missing_dense()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Network(Loss = Loss.CrossEntropy)]
            public partial class SettingsOnlyNet;
            """);

        Assert.Equal(new[] { "CNET002", "CNET003" }, DiagnosticAssert.Ids(output));
        Assert.All(output.Diagnostics, d => Assert.Equal("SettingsOnlyNet", DiagnosticAssert.TextAt(output.Compilation, d.Location)));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void Network_split_across_two_files_generates_exactly_one_file()
    {
        GeneratorOutput output = GeneratorHarness.Run(
            """
            using CompiledNet;
            namespace Shapes;
            [Network(Loss = Loss.BinaryCrossEntropy)]
            public partial class SplitNet;
            """,
            """
            using CompiledNet;
            namespace Shapes;
            [Input(3)]
            [Dense(5, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SplitNet
            {
                public string Describe() => "split";
            }
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        KeyValuePair<string, string> generated = Assert.Single(output.Sources);
        Assert.Equal("Shapes.SplitNet.g.cs", generated.Key);
        Assert.Contains("/// Input 3, Dense 5 Tanh, Dense 1 Sigmoid; loss BinaryCrossEntropy.", generated.Value, System.StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    [Fact]
    public void Network_split_within_one_file_generates_exactly_one_file()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Network(Loss = Loss.MeanSquaredError)]
            public partial class SameFileSplitNet;

            [Input(3)]
            public partial class SameFileSplitNet;

            [Dense(5, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SameFileSplitNet;
            """);

        Assert.Empty(output.Diagnostics);
        Assert.Equal("SameFileSplitNet.g.cs", Assert.Single(output.Sources).Key);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Layers_split_over_partial_declarations_are_refused_whatever_the_file_order(bool swapFiles)
    {
        // The layers' order would follow the order the compiler reads the files in: 2-4-1 one way, 2-1-4 the other.
        string partA = """
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            public partial class SplitLayersNet;
            """;
        string partB = """
            using CompiledNet;
            [Dense(1, Activation.Sigmoid)]
            public partial class SplitLayersNet;
            """;
        GeneratorOutput output = swapFiles ? GeneratorHarness.Run(partB, partA) : GeneratorHarness.Run(partA, partB);

        Assert.Empty(output.Exceptions);
        Diagnostic diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("CNET015", diagnostic.Id);
        Assert.Contains("keep every [Dense] on one declaration", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.StartsWith("Dense(", DiagnosticAssert.TextAt(output.Compilation, diagnostic.Location), System.StringComparison.Ordinal);
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void User_written_constructor_replaces_the_generated_ones()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class OwnConstructorNet
            {
                public OwnConstructorNet(string name)
                {
                    Name = name;
                    InitializeParameters(42);
                }

                public string Name { get; }
            }
            """);

        string generated = Assert.Single(output.Sources).Value;
        Assert.DoesNotContain("public OwnConstructorNet(", generated, System.StringComparison.Ordinal);
        Assert.Contains("public void InitializeParameters(int seed)", generated, System.StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    public static TheoryData<string> MalformedSources => new()
    {
        // Attribute missing its required argument, and [Dense] with no arguments at all.
        "[Input] [Dense(1, Activation.Sigmoid)] public partial class MissingArgumentNet;",
        "[Input(2)] [Dense] public partial class EmptyDenseNet;",
        // Wrong argument types.
        "[Input(\"two\")] [Dense(1, Activation.Sigmoid)] public partial class StringSizeNet;",
        "[Input(2)] [Dense(1, \"Sigmoid\")] public partial class StringActivationNet;",
        "[Input(2)] [Dense(1, Activation.Sigmoid, NegativeSlope = \"steep\")] public partial class StringSlopeNet;",
        "[Network(Loss = 3.5)] [Input(2)] [Dense(1)] public partial class DoubleLossNet;",
        // Names that do not exist.
        "[Input(2)] [Dense(1, Activation.Sigmod)] public partial class MisspeltNet;",
        "[Input(2)] [Dense(1, Activation.Sigmoid, Slope = 1f)] public partial class UnknownPropertyNet;",
        // Unfinished code.
        "[Input(2)] [Dense(1, Activation.Sigmoid)] public partial class UnfinishedNet {",
        "[Input(2)] [Dense(1, Activation.Sigmoid)] public partial class",
        "[Input(2)] [Dense(1, Activation.Sigmoid)]",
        "[Input(2 [Dense(1, Activation.Sigmoid)] public partial class UnclosedNet;",
        "[Input(int.MaxValue + 1)] [Dense(1)] public partial class OverflowNet;",
    };

    [Theory]
    [MemberData(nameof(MalformedSources))]
    public void Malformed_code_never_makes_the_generator_throw(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run("using CompiledNet;\n" + declaration);

        Assert.Empty(output.Exceptions);
        Assert.NotEmpty(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        // The compiler already explains a broken attribute; the generator adds nothing but a CNET diagnostic at most.
        Assert.All(output.Diagnostics, d => Assert.StartsWith("CNET", d.Id, System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Input] [Dense(1, Activation.Sigmoid)] public partial class MissingArgumentNet;")]
    [InlineData("[Input(2)] [Dense] public partial class EmptyDenseNet;")]
    [InlineData("[Input(\"two\")] [Dense(1, Activation.Sigmoid)] public partial class StringSizeNet;")]
    [InlineData("[Input(2)] [Dense(1, \"Sigmoid\")] public partial class StringActivationNet;")]
    public void Attributes_the_compiler_rejects_produce_no_output_and_no_generator_diagnostic(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run("using CompiledNet;\n" + declaration);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.Sources.Keys);
    }

    [Fact]
    public void Network_named_with_an_escaped_keyword_compiles()
    {
        // Names that are keywords must keep their @ in the generated part, or it does not parse.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Shapes;
            public partial class @class
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class @event;
            }
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        string source = Assert.Single(output.Sources).Value;
        Assert.Contains("partial class @class", source, System.StringComparison.Ordinal);
        Assert.Contains("partial class @event", source, System.StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    [Fact]
    public void Network_in_a_namespace_with_an_escaped_keyword_does_not_crash_the_generator()
    {
        // The hint name is built from unescaped names: '@' is not allowed in a hint name, and AddSource would throw.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace @namespace.Models;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class KeywordNamespaceNet;
            """);

        Assert.Empty(output.Exceptions.Select(e => e.Message));
        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }

    [Fact]
    public void Linear_hidden_layer_warning_can_be_suppressed_with_pragma()
    {
        // The analyzer reports at locations in the real syntax tree, so the compiler sees the #pragma around them
        // (a location rebuilt from a path and span would have no tree, and the pragma would not apply).
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            #pragma warning disable CNET009 // a deliberate linear bottleneck
            [Input(4)]
            [Dense(2)]
            [Dense(4, Activation.Sigmoid)]
            public partial class BottleneckNet;
            #pragma warning restore CNET009
            """);

        Assert.Single(output.Sources);
        Assert.All(output.Diagnostics, d => Assert.True(d.IsSuppressed, d.ToString()));
    }

    [Fact]
    public void File_local_network_is_reported_instead_of_generated_as_a_separate_type()
    {
        // A generated "partial class FileNet" in another file would declare a second, public type instead of
        // completing the file-local one, so the declaration is reported (CNET014) and nothing is generated.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Shapes;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            file partial class FileNet;
            """);

        Assert.Empty(output.Exceptions);
        Diagnostic reported = Assert.Single(output.Diagnostics, d => d.Id == "CNET014");
        Assert.Equal("FileNet", DiagnosticAssert.TextAt(output.Compilation, reported.Location));
        Assert.Empty(output.Sources.Keys);
    }

    [Fact]
    public void Networks_whose_full_names_collide_do_not_crash_the_generator()
    {
        // Nested types join the hint name with '+' ("A.B+Net.g.cs" beside "A.B.Net.g.cs"), so the second AddSource
        // does not throw. The code is already wrong (CS0101), but the generator must not throw.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace A.B
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class Net;
            }

            namespace A
            {
                public partial class B
                {
                    [Input(3)]
                    [Dense(1, Activation.Sigmoid)]
                    public partial class Net;
                }
            }
            """);

        Assert.Empty(output.Exceptions.Select(e => e.Message));
    }
}
