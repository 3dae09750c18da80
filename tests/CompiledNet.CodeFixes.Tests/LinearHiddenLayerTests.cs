using System.Threading.Tasks;
using Xunit;
using Test = CompiledNet.CodeFixes.Tests.CodeFixTest<CompiledNet.CodeFixes.LinearHiddenLayerCodeFixProvider>;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>CNET009: a Linear hidden layer, written out or by default, gets ReLU (first action) or Tanh (second).</summary>
public sealed class LinearHiddenLayerTests
{
    [Theory]
    [InlineData(0, "ReLU")]
    [InlineData(1, "Tanh")]
    public Task Replaces_an_explicit_linear(int index, string activation) =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            [Input(2)]
            [{|CNET009:Dense(3, Activation.Linear)|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class LinearNet;
            """,
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense(3, Activation.{{activation}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class LinearNet;
            """,
            "Use Activation." + activation,
            "CNET009." + activation,
            index);

    [Theory]
    [InlineData(0, "ReLU")]
    [InlineData(1, "Tanh")]
    public Task Adds_the_activation_when_it_was_left_to_the_default(int index, string activation) =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            [Input(2)]
            [{|CNET009:Dense(3)|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class DefaultNet;
            """,
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense(3, Activation.{{activation}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class DefaultNet;
            """,
            "Use Activation." + activation,
            "CNET009." + activation,
            index);

    [Theory]
    [InlineData("3, NegativeSlope = 0.1f", "3, Activation.ReLU, NegativeSlope = 0.1f")]
    [InlineData("size: 3", "size: 3, activation: Activation.ReLU")]
    [InlineData("3 /* neurons */", "3 /* neurons */, Activation.ReLU")]
    [InlineData("3, CompiledNet.Activation.Linear", "3, CompiledNet.Activation.ReLU")]
    public Task Adds_or_replaces_the_argument_in_its_place(string before, string after) =>
        Test.VerifyAsync(
            $$"""
            using CompiledNet;
            [Input(2)]
            [{|CNET009:Dense({{before}})|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class ArgumentsNet;
            """,
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense({{after}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class ArgumentsNet;
            """,
            "Use Activation.ReLU",
            "CNET009.ReLU");

    [Theory]
    [InlineData("4, 3", "4, 3, Activation.ReLU")]
    [InlineData("4, 3, 5", "4, 3, 5, Activation.ReLU")]
    [InlineData("4, 3, Activation.Linear, Padding = 1", "4, 3, Activation.ReLU, Padding = 1")]
    [InlineData("4, 3, 5, Activation.Linear", "4, 3, 5, Activation.ReLU")]
    [InlineData("4, 3, Stride = 1", "4, 3, Activation.ReLU, Stride = 1")]
    public Task Sets_a_convolutions_activation_not_its_kernel_size(string before, string after) =>
        // The activation is [Conv2D]'s third or fourth argument: [Conv2D(4, 3, 5)] is a 3×5 kernel left linear.
        Test.VerifyAsync(
            $$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [{|CNET009:Conv2D({{before}})|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class LinearConvNet;
            """,
            $$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D({{after}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class LinearConvNet;
            """,
            "Use Activation.ReLU",
            "CNET009.ReLU");

    [Fact]
    public Task Without_a_using_the_added_activation_is_qualified() =>
        Test.VerifyAsync(
            """
            [CompiledNet.Input(2)]
            [{|CNET009:CompiledNet.Dense(3)|}]
            [CompiledNet.Dense(1)]
            public partial class QualifiedNet;
            """,
            """
            [CompiledNet.Input(2)]
            [CompiledNet.Dense(3, CompiledNet.Activation.ReLU)]
            [CompiledNet.Dense(1)]
            public partial class QualifiedNet;
            """,
            "Use Activation.ReLU",
            "CNET009.ReLU");

    [Fact]
    public Task Fix_all_gives_every_linear_hidden_layer_the_chosen_activation()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [Input(2)]
            [{|CNET009:Dense(8)|}]
            [{|CNET009:Dense(4, Activation.Linear)|}]
            [Dense(1)]
            public partial class RegressionNet;

            [Input(2)]
            [{|CNET009:Dense(3)|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class OtherNet;
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(8, Activation.Tanh)]
            [Dense(4, Activation.Tanh)]
            [Dense(1)]
            public partial class RegressionNet;

            [Input(2)]
            [Dense(3, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class OtherNet;
            """,
            "Use Activation.Tanh",
            "CNET009.Tanh",
            index: 1);
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
