using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>One test per diagnostic id: where it points, what it says, and that an error stops generation.</summary>
/// <remarks>Every source starts with "using CompiledNet;" on line 1, so the expected line numbers read off the literals.</remarks>
public sealed class DiagnosticTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    [Fact]
    public void CNET001_network_class_not_partial()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public class PlainNet { }
            """);

        string message = DiagnosticAssert.Single(output, "CNET001", Error, "PlainNet", line: 5);
        Assert.Contains("'PlainNet' must be declared partial", message, System.StringComparison.Ordinal);
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET001_containing_type_not_partial_points_at_the_containing_type()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            public class Outer
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class InnerNet;
            }
            """);

        string message = DiagnosticAssert.Single(output, "CNET001", Error, "Outer", line: 3);
        Assert.Contains("'Outer' must be declared partial", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET001" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET002_no_input_layer()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Dense(3, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class NoInputNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET002", Error, "NoInputNet", line: 4);
        Assert.Contains("'NoInputNet' has no [Input]", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET002" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET003_no_dense_layer()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            public partial class NoDenseNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET003", Error, "NoDenseNet", line: 3);
        Assert.Contains("'NoDenseNet' has no [Dense] layer", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET003" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET004_second_input_attribute()
    {
        // InputAttribute is AllowMultiple = false, so the compiler reports CS0579 as well; only the generator's count here.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Input(3)]
            [Dense(1, Activation.Sigmoid)]
            public partial class TwoInputNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET004", Error, "Input(3)", line: 3);
        Assert.Contains("'TwoInputNet' declares more than one [Input]", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET004" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET005_dense_size_not_positive()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(0, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class EmptyLayerNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET005", Error, "Dense(0, Activation.Tanh)", line: 4);
        Assert.Contains("Layer 2 of network 'EmptyLayerNet' has size 0", message, System.StringComparison.Ordinal);
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET005_input_size_not_positive()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(-3)]
            [Dense(1, Activation.Sigmoid)]
            public partial class NegativeInputNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET005", Error, "Input(-3)", line: 2);
        Assert.Contains("[Input] of network 'NegativeInputNet' has size -3", message, System.StringComparison.Ordinal);
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET006_softmax_on_hidden_layer()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Softmax)]
            [Dense(1, Activation.Sigmoid)]
            public partial class HiddenSoftmaxNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET006", Error, "Dense(4, Activation.Softmax)", line: 3);
        Assert.Contains("Layer 1 of network 'HiddenSoftmaxNet' is a hidden layer and cannot use Softmax", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET006" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("CrossEntropy", "Sigmoid", "Softmax")]
    [InlineData("BinaryCrossEntropy", "Softmax", "Sigmoid")]
    [InlineData("CrossEntropy", "Linear", "Softmax")]
    public void CNET007_loss_does_not_fit_output_activation(string loss, string outputActivation, string required)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Network(Loss = Loss.{{loss}})]
            [Dense(3, Activation.{{outputActivation}})]
            public partial class MismatchNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET007", Error, $"Network(Loss = Loss.{loss})", line: 4);
        Assert.Contains($"Loss {loss} needs a {required} output layer", message, System.StringComparison.Ordinal);
        Assert.Contains($"network 'MismatchNet' uses {outputActivation}", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET007" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET008_generic_network()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class GenericNet<T>;
            """);

        string message = DiagnosticAssert.Single(output, "CNET008", Error, "GenericNet", line: 4);
        Assert.Contains("'GenericNet' is generic", message, System.StringComparison.Ordinal);
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET008_network_nested_in_generic_type()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            public partial class Holder<T>
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class HeldNet;
            }
            """);

        string message = DiagnosticAssert.Single(output, "CNET008", Error, "HeldNet", line: 6);
        Assert.Contains("'HeldNet' is generic or nested in a generic type", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET008" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET009_linear_hidden_layer_warns_but_still_generates()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(3)]
            [Dense(1, Activation.Sigmoid)]
            public partial class LinearHiddenNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET009", DiagnosticSeverity.Warning, "Dense(3)", line: 5);
        Assert.Contains("Layer 2 of network 'LinearHiddenNet' is a Linear hidden layer", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET009" }, DiagnosticAssert.Ids(output));
        Assert.Equal("Diagnostics.LinearHiddenNet.g.cs", Assert.Single(output.Sources).Key);
        // The generated code itself compiles cleanly: the warning is the only problem.
        Assert.Equal(new[] { "CNET009" }, output.CompilationProblems.Select(d => d.Id));
    }

    [Fact]
    public void CNET009_is_a_plain_warning_without_warnings_as_errors()
    {
        CSharpCompilation input = GeneratorHarness.Compile("""
            using CompiledNet;
            [Input(2)]
            [Dense(3)]
            [Dense(1, Activation.Sigmoid)]
            public partial class LenientNet;
            """);
        GeneratorOutput output = GeneratorHarness.Run(input.WithOptions(input.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default)));

        Diagnostic warning = Assert.Single(output.Diagnostics);
        Assert.Equal("CNET009", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.False(warning.IsWarningAsError);
        Assert.Single(output.Sources);
    }

    [Fact]
    public void CNET010_unknown_activation_value()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, (Activation)42)]
            public partial class UnknownActivationNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET010", Error, "Dense(1, (Activation)42)", line: 4);
        Assert.Contains("Layer 2 of network 'UnknownActivationNet' uses Activation value 42", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET010" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET010_unknown_loss_value()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Network(Loss = (Loss)7)]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class UnknownLossNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET010", Error, "Network(Loss = (Loss)7)", line: 2);
        Assert.Contains("[Network] of network 'UnknownLossNet' uses Loss value 7", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET010" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("LeakyReLU, NegativeSlope = -0.5f", "NegativeSlope", "-0.5")]
    [InlineData("LeakyReLU, NegativeSlope = float.NaN", "NegativeSlope", "NaN")]
    [InlineData("LeakyReLU, NegativeSlope = float.PositiveInfinity", "NegativeSlope", "Infinity")]
    [InlineData("ELU, Alpha = 0f", "Alpha", "0")]
    [InlineData("ELU, Alpha = -1f", "Alpha", "-1")]
    [InlineData("ELU, Alpha = float.NaN", "Alpha", "NaN")]
    public void CNET011_invalid_activation_parameter(string arguments, string parameter, string shownValue)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.{{arguments}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class BadParameterNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET011", Error, $"Dense(4, Activation.{arguments})", line: 3);
        Assert.Contains($"{parameter} of layer 1 of network 'BadParameterNet' is {shownValue};", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET011" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("LeakyReLU, NegativeSlope = 0f")]
    [InlineData("ELU, Alpha = 1e-6f")]
    [InlineData("Tanh, NegativeSlope = -1f, Alpha = -1f")]
    public void CNET011_not_reported_for_valid_or_unused_parameters(string arguments)
    {
        // The boundary values are legal, and a parameter the activation does not use is ignored.
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.{{arguments}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class FineParameterNet;
            """);

        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void CNET012_static_network()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public static partial class StaticNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET012", Error, "StaticNet", line: 4);
        Assert.Contains("'StaticNet' is static", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET012" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET013_more_parameters_than_an_array_can_hold()
    {
        // (65536 inputs + 1 bias) × 65536 neurons = 4,295,032,832 parameters; Array.MaxLength is 2,147,483,591.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(65536)]
            [Dense(65536, Activation.Tanh)]
            public partial class HugeNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET013", Error, "HugeNet", line: 4);
        Assert.Contains("'HugeNet' has 4295032832 parameters, more than the 2147483591", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET013" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
        Assert.Equal(2147483591, System.Array.MaxLength);
    }

    [Fact]
    public void CNET013_not_reported_at_exactly_the_array_limit()
    {
        // 2,147,483,590 inputs + 1 bias = Array.MaxLength parameters: the largest network that still fits.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(2147483590)]
            [Dense(1)]
            public partial class LimitNet;
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Contains("public const int ParameterCount = 2147483591;", Assert.Single(output.Sources).Value, System.StringComparison.Ordinal);
        Assert.Empty(output.CompilationProblems);
    }
}
