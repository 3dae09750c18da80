using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The diagnostics of convolutional declarations, CNET025 to CNET028 and the conv cases of the older ids: where each
/// points, its whole message with the shapes it computed, that an error generates nothing, and that one mistake is
/// reported once.
/// </summary>
/// <remarks>Every source starts with "using CompiledNet;" on line 1, so the expected line numbers read off the literals.</remarks>
public sealed class ConvDiagnosticTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    private const string NeedsImageFix =
        "; declare [Input(channels, height, width)] and put every [Conv2D], [MaxPool2D] and [AvgPool2D] before the first [Dense]";

    [Theory]
    [InlineData("Conv2D(4, 5, Activation.ReLU)", "height", "the kernel's 5 is larger than the input's 3 padded to 3")]
    [InlineData("Conv2D(4, 1, 5, Activation.ReLU)", "width", "the kernel's 5 is larger than the input's 3 padded to 3")]
    [InlineData("Conv2D(4, 6, Activation.ReLU, Padding = 1)", "height", "the kernel's 6 is larger than the input's 3 padded to 5")]
    public void CNET025_kernel_larger_than_the_padded_input(string conv, string axis, string problem)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 3, 3)]
            [{{conv}}]
            [Dense(2, Activation.Sigmoid)]
            public partial class BigKernelNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET025", Error, conv, line: 3);
        Assert.Equal(
            $"Layer 1 ([Conv2D]) of network 'BigKernelNet' does not fit its 1×3×3 input: along the {axis}, {problem}; use a smaller kernel or more Padding",
            message);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET025_output_too_large_for_one_buffer()
    {
        // 64 × 40000 × 40000 values would overflow the int sizes of the generated buffers; it must be an error, not broken code.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 40000, 40000)]
            [Conv2D(64, 1, Activation.ReLU)]
            [Dense(2, Activation.Sigmoid)]
            public partial class HugeImageNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET025", Error, "Conv2D(64, 1, Activation.ReLU)", line: 3);
        Assert.Equal(
            "Layer 1 ([Conv2D]) of network 'HugeImageNet' does not fit its 1×40000×40000 input: its output of 64×40000×40000 = 102,400,000,000 values "
                + "and its patch matrix of 1,600,000,000 values must each fit in one array of at most 268,435,456; use a smaller image, fewer filters or a larger stride",
            message);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET025_stride_that_leaves_a_fraction_of_a_position()
    {
        // (28 − 3) / 2 + 1 = 13.5: PyTorch would drop the last column silently; the generator asks for a whole number.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 28, 28)]
            [Conv2D(8, 3, Activation.ReLU, Stride = 2)]
            [Dense(10, Activation.Sigmoid)]
            public partial class HalfStepNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET025", Error, "Conv2D(8, 3, Activation.ReLU, Stride = 2)", line: 3);
        Assert.Equal(
            "Layer 1 ([Conv2D]) of network 'HalfStepNet' does not fit its 1×28×28 input: along the height, (28 + 2·0 − 3) / 2 + 1 = 13.5 "
                + "positions is not whole; choose Stride and Padding so that 28 + 2·Padding − 3 is a multiple of the stride",
            message);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("MaxPool2D", 2, 2, 2)]
    [InlineData("AvgPool2D", 2, 2, 2)]
    [InlineData("MaxPool2D", 5, 2, 2)]
    public void CNET025_pooling_window_larger_than_the_image(string pool, int height, int width, int largestWindow)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(3, {{height}}, {{width}})]
            [{{pool}}(3)]
            [Dense(2, Activation.Sigmoid)]
            public partial class SmallImageNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET025", Error, $"{pool}(3)", line: 3);
        Assert.Equal(
            $"Layer 1 ([{pool}]) of network 'SmallImageNet' does not fit its 3×{height}×{width} input: "
                + $"the 3×3 window is larger than the {height}×{width} image; use a window of at most {largestWindow}",
            message);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET025_uses_the_shape_the_layers_before_computed()
    {
        // 1×12×12 → Conv 5×5 → 4×8×8 → MaxPool 2 → 4×4×4: the second convolution's 5×5 kernel no longer fits.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 12, 12)]
            [Conv2D(4, 5, Activation.ReLU)]
            [MaxPool2D(2)]
            [Dropout(0.5)]
            [Conv2D(8, 5, Activation.ReLU)]
            [Dense(2, Activation.Sigmoid)]
            public partial class ShrinkingNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET025", Error, "Conv2D(8, 5, Activation.ReLU)", line: 6);
        Assert.StartsWith("Layer 4 ([Conv2D]) of network 'ShrinkingNet' does not fit its 4×4×4 input: along the height, the kernel's 5 is larger than the input's 4", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET026_convolution_after_a_dense_layer()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Dense(16, Activation.ReLU)]
            [Conv2D(4, 3, Activation.ReLU)]
            [Dense(2, Activation.Sigmoid)]
            public partial class DenseFirstNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET026", Error, "Conv2D(4, 3, Activation.ReLU)", line: 4);
        Assert.Equal("Layer 2 ([Conv2D]) of network 'DenseFirstNet' needs an image, but it follows [Dense] layer 1, whose output is flat" + NeedsImageFix, message);
        Assert.Equal(new[] { "CNET026" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET026_pooling_after_a_dense_layer_and_a_dropout()
    {
        // Dropout keeps whatever shape it is given, so the values are still the dense layer's flat ones.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Dense(16, Activation.ReLU)]
            [Dropout(0.5)]
            [AvgPool2D(2)]
            [Dense(2, Activation.Sigmoid)]
            public partial class PoolAfterDenseNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET026", Error, "AvgPool2D(2)", line: 5);
        Assert.Equal("Layer 3 ([AvgPool2D]) of network 'PoolAfterDenseNet' needs an image, but it follows [Dense] layer 1, whose output is flat" + NeedsImageFix, message);
        Assert.Equal(new[] { "CNET026" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET026_convolution_on_a_flat_input()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(784)]
            [Conv2D(32, 3, Activation.ReLU, Padding = 1)]
            [Dense(10, Activation.Sigmoid)]
            public partial class FlatInputNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET026", Error, "Conv2D(32, 3, Activation.ReLU, Padding = 1)", line: 3);
        Assert.Equal("Layer 1 ([Conv2D]) of network 'FlatInputNet' needs an image, but [Input] declares a flat vector of 784 values" + NeedsImageFix, message);
        Assert.Equal(new[] { "CNET026" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("[Conv2D(4, 3, Activation.ReLU, Padding = 1)]\n[MaxPool2D(2)]", "MaxPool2D(2)", 4, "MaxPool2D")]
    [InlineData("[Conv2D(4, 3, Activation.ReLU, Padding = 1)]", "Conv2D(4, 3, Activation.ReLU, Padding = 1)", 3, "Conv2D")]
    [InlineData("[Conv2D(4, 3, Activation.Softmax, Padding = 1)]", "Conv2D(4, 3, Activation.Softmax, Padding = 1)", 3, "Conv2D")]
    [InlineData("[Conv2D(4, 3, Padding = 1)]", "Conv2D(4, 3, Padding = 1)", 3, "Conv2D")]
    [InlineData("[Conv2D(4, 3, Activation.ReLU)]\n[Dense(8, Activation.ReLU)]\n[Dropout(0.5)]", "Dropout(0.5)", 5, "Dropout")]
    public void CNET027_last_layer_not_dense(string layers, string lastLayer, int line, string kind)
    {
        // Once, at the last layer: not also CNET003 for the missing [Dense], nor CNET006 or CNET009 for a last
        // convolution's Softmax or Linear as if it were hidden.
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            {{layers}}
            public partial class HeadlessNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET027", Error, lastLayer, line);
        Assert.Equal($"The last layer of network 'HeadlessNet' is [{kind}]; end the network with a [Dense] layer, whose size is the output size", message);
        Assert.Equal(new[] { "CNET027" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET027_is_left_to_the_last_layers_own_error()
    {
        // A pooling layer placed after the dense head: moving it before [Dense] fixes both, so only CNET026 is shown.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3, Activation.ReLU)]
            [Dense(8, Activation.ReLU)]
            [MaxPool2D(2)]
            public partial class PoolLastNet;
            """);

        DiagnosticAssert.Single(output, "CNET026", Error, "MaxPool2D(2)", line: 5);
        Assert.Equal(new[] { "CNET026" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("Conv2D(4, 3, Activation.ReLU, Stride = 0)", "Conv2D", "Stride = 0; the stride must be at least 1")]
    [InlineData("Conv2D(4, 3, Activation.ReLU, Stride = -2)", "Conv2D", "Stride = -2; the stride must be at least 1")]
    [InlineData("Conv2D(4, 3, Activation.ReLU, Padding = -1)", "Conv2D", "Padding = -1; the padding must be 0 or more")]
    [InlineData("Conv2D(4, 0, Activation.ReLU)", "Conv2D", "kernelSize = 0; a kernel must be at least 1×1")]
    [InlineData("Conv2D(4, 3, 0, Activation.ReLU)", "Conv2D", "kernelWidth = 0; a kernel must be at least 1×1")]
    [InlineData("Conv2D(4, -1, 3, Activation.ReLU)", "Conv2D", "kernelHeight = -1; a kernel must be at least 1×1")]
    [InlineData("MaxPool2D(0)", "MaxPool2D", "kernelSize = 0; a window must be at least 1×1")]
    [InlineData("AvgPool2D(2, Stride = -1)", "AvgPool2D", "Stride = -1; the stride must be at least 1, or 0 for the kernel size")]
    [InlineData("Dropout(1.0)", "Dropout", "probability = 1; a dropout probability must be at least 0 and below 1")]
    [InlineData("Dropout(-0.1)", "Dropout", "probability = -0.1; a dropout probability must be at least 0 and below 1")]
    [InlineData("Dropout(double.NaN)", "Dropout", "probability = NaN; a dropout probability must be at least 0 and below 1")]
    [InlineData("Dropout(1.5)", "Dropout", "probability = 1.5; a dropout probability must be at least 0 and below 1")]
    public void CNET028_invalid_layer_argument(string layer, string kind, string problem)
    {
        // The 9×9 kernel after it fits no image the layer could give; with the shape unknown past the mistake, it is not checked.
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [{{layer}}]
            [Conv2D(2, 9, Activation.ReLU)]
            [Dense(2, Activation.Sigmoid)]
            public partial class BadArgumentNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET028", Error, layer, line: 3);
        Assert.Equal($"Layer 1 ([{kind}]) of network 'BadArgumentNet' has {problem}", message);
        Assert.Equal(new[] { "CNET028" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET028_each_invalid_argument_of_one_layer_is_its_own_mistake()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3, Activation.ReLU, Stride = 0, Padding = -1)]
            [Dense(2, Activation.Sigmoid)]
            public partial class TwoMistakesNet;
            """);

        Assert.Equal(new[] { "CNET028", "CNET028" }, DiagnosticAssert.Ids(output));
        Assert.All(output.Diagnostics, d => Assert.Equal("Conv2D(4, 3, Activation.ReLU, Stride = 0, Padding = -1)", DiagnosticAssert.TextAt(output.Compilation, d.Location)));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("[Input(1, 8, 8)]", "Conv2D(0, 3, Activation.ReLU)", "Layer 1 ([Conv2D]) of network 'ZeroSizeNet' has size 0", 3)]
    [InlineData("[Input(1, 8, 8)]", "Conv2D(-4, 3, Activation.ReLU)", "Layer 1 ([Conv2D]) of network 'ZeroSizeNet' has size -4", 3)]
    [InlineData("[Input(0, 8, 8)]", "Input(0, 8, 8)", "[Input] of network 'ZeroSizeNet' has size 0", 2)]
    [InlineData("[Input(1, 8, -8)]", "Input(1, 8, -8)", "[Input] of network 'ZeroSizeNet' has size -8", 2)]
    public void CNET005_convolution_filters_or_image_side_not_positive(string input, string locatedText, string expected, int line)
    {
        // With the [Input] invalid the convolution after it is not checked against a made-up flat input (no CNET026).
        string conv = locatedText.StartsWith("Conv2D", System.StringComparison.Ordinal) ? locatedText : "Conv2D(4, 3, Activation.ReLU)";
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            {{input}}
            [{{conv}}]
            [MaxPool2D(2)]
            [Dense(2, Activation.Sigmoid)]
            public partial class ZeroSizeNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET005", Error, locatedText, line);
        Assert.Equal(expected + "; a size must be at least 1", message);
        Assert.Equal(new[] { "CNET005" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void Without_an_input_the_spatial_layers_are_not_checked_against_nothing()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Conv2D(4, 3, Activation.ReLU)]
            [MaxPool2D(2)]
            [Dense(2, Activation.Sigmoid)]
            public partial class NoInputCnn;
            """);

        Assert.Equal(new[] { "CNET002" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void CNET006_softmax_on_a_hidden_convolution()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3, Activation.Softmax)]
            [Dense(2, Activation.Sigmoid)]
            public partial class SoftmaxConvNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET006", Error, "Conv2D(4, 3, Activation.Softmax)", line: 3);
        Assert.StartsWith("Layer 1 of network 'SoftmaxConvNet' is a hidden layer and cannot use Softmax;", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET006" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("[Dense(2, Activation.Sigmoid)]", "Conv2D(4, 3)")]
    [InlineData("[AvgPool2D(2)]\n[Dense(2, Activation.Sigmoid)]", "Conv2D(4, 3)")]
    [InlineData("[Dense(2, Activation.Sigmoid)]", "Conv2D(4, 3, Activation.Linear, Padding = 1)")]
    [InlineData("[Dropout(0.5)]\n[Dense(2, Activation.Sigmoid)]", "Conv2D(4, 3)")]
    public void CNET009_linear_convolution_not_followed_by_max_pooling_warns_but_still_generates(string after, string conv)
    {
        // Average pooling is linear too, so it leaves the convolution linear.
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [{{conv}}]
            {{after}}
            public partial class LinearConvNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET009", DiagnosticSeverity.Warning, conv, line: 3);
        Assert.StartsWith("Layer 1 of network 'LinearConvNet' is a Linear hidden layer", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET009" }, DiagnosticAssert.Ids(output));
        Assert.Single(output.Sources);
        Assert.Equal(new[] { "CNET009" }, output.CompilationProblems.Select(d => d.Id));
    }

    [Theory]
    [InlineData("[MaxPool2D(2)]")]
    [InlineData("[Dropout(0.5)]\n[MaxPool2D(2)]")]
    public void CNET009_not_reported_for_a_linear_convolution_before_max_pooling(string pooling)
    {
        // Max pooling is the nonlinearity, a dropout in between only scaling the values it takes the max of.
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3)]
            {{pooling}}
            [Dense(2, Activation.Sigmoid)]
            public partial class ConvThenMaxNet;
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Single(output.Sources);
        Assert.Empty(output.CompilationProblems);
    }

    [Fact]
    public void CNET010_unknown_convolution_activation()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3, (Activation)42)]
            [Dense(2, Activation.Sigmoid)]
            public partial class UnknownConvActivationNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET010", Error, "Conv2D(4, 3, (Activation)42)", line: 3);
        Assert.StartsWith("Layer 1 ([Conv2D]) of network 'UnknownConvActivationNet' uses Activation value 42", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET010" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Theory]
    [InlineData("LeakyReLU, NegativeSlope = -0.5f", "NegativeSlope", "-0.5")]
    [InlineData("ELU, Alpha = 0f", "Alpha", "0")]
    [InlineData("ELU, Alpha = float.NaN", "Alpha", "NaN")]
    public void CNET011_invalid_convolution_activation_parameter(string arguments, string parameter, string shownValue)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D(4, 3, Activation.{{arguments}})]
            [Dense(2, Activation.Sigmoid)]
            public partial class BadConvParameterNet;
            """);

        string message = DiagnosticAssert.Single(output, "CNET011", Error, $"Conv2D(4, 3, Activation.{arguments})", line: 3);
        Assert.StartsWith($"{parameter} of layer 1 of network 'BadConvParameterNet' is {shownValue}; it must be", message, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "CNET011" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void One_misfit_is_reported_once_not_again_for_every_layer_after_it()
    {
        // Past the first convolution the shape is unknown: the 9×9 kernel and the pooling are not checked against a guess.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 3, 3)]
            [Conv2D(4, 5, Activation.ReLU)]
            [Conv2D(8, 9, Activation.ReLU)]
            [MaxPool2D(4)]
            [Dropout(0.5)]
            [AvgPool2D(7)]
            [Dense(2, Activation.Sigmoid)]
            public partial class CascadeNet;
            """);

        DiagnosticAssert.Single(output, "CNET025", Error, "Conv2D(4, 5, Activation.ReLU)", line: 3);
        Assert.Equal(new[] { "CNET025" }, DiagnosticAssert.Ids(output));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void A_dense_layer_makes_the_shape_known_again_so_a_later_mistake_is_still_reported()
    {
        // Two separate mistakes: the kernel that does not fit, and the pooling after the dense layer.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            [Input(1, 3, 3)]
            [Conv2D(4, 5, Activation.ReLU)]
            [Dense(8, Activation.ReLU)]
            [MaxPool2D(2)]
            [Dense(2, Activation.Sigmoid)]
            public partial class TwoMistakesNet;
            """);

        Assert.Equal(new[] { "CNET025", "CNET026" }, DiagnosticAssert.Ids(output));
        Assert.Equal(
            new[] { "Conv2D(4, 5, Activation.ReLU)", "MaxPool2D(2)" },
            output.Diagnostics.OrderBy(d => d.Id, System.StringComparer.Ordinal).Select(d => DiagnosticAssert.TextAt(output.Compilation, d.Location)));
        DiagnosticAssert.NoSource(output);
    }

    [Fact]
    public void A_network_with_every_layer_kind_at_its_edges_has_no_diagnostics()
    {
        // A kernel exactly as large as the padded input, a non-square kernel, stride and padding, an explicit pooling
        // stride of 0 (the window), overlapping windows, a window as large as the image, dropout 0 and just below 1.
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Diagnostics;
            [Network(Loss = Loss.CrossEntropy)]
            [Input(3, 12, 10)]
            [Dropout(0.0)]
            [Conv2D(8, 3, 5, Activation.LeakyReLU, Stride = 1, Padding = 2, NegativeSlope = 0f)]
            [MaxPool2D(2, Stride = 0)]
            [Conv2D(4, 3, Activation.ELU, Stride = 2, Padding = 1)]
            [AvgPool2D(2, Stride = 1)]
            [Conv2D(4, 4, Activation.Tanh, Padding = 1)]
            [MaxPool2D(1)]
            [Dropout(0.999)]
            [Dense(6, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            public partial class EveryKindNet;
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Equal("Diagnostics.EveryKindNet.g.cs", Assert.Single(output.Sources).Key);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }
}
