using System.Threading.Tasks;
using Xunit;
using Test = CompiledNet.CodeFixes.Tests.CodeFixTest<CompiledNet.CodeFixes.HiddenSoftmaxCodeFixProvider>;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>CNET006: a hidden Softmax layer gets ReLU, written the way the user wrote the activation.</summary>
public sealed class HiddenSoftmaxTests
{
    private const string Title = "Use Activation.ReLU";
    private const string Key = "CNET006.ReLU";

    [Theory]
    [InlineData("Activation.Softmax", "Activation.ReLU")]
    [InlineData("CompiledNet.Activation.Softmax", "CompiledNet.Activation.ReLU")]
    [InlineData("global::CompiledNet.Activation.Softmax", "global::CompiledNet.Activation.ReLU")]
    [InlineData("activation: Activation.Softmax", "activation: Activation.ReLU")]
    [InlineData("(Activation)9", "Activation.ReLU")]
    [InlineData("Activation.Softmax, NegativeSlope = 0.1f", "Activation.ReLU, NegativeSlope = 0.1f")]
    public Task Replaces_softmax_with_relu_keeping_the_qualification(string before, string after) =>
        Test.VerifyAsync(
            $$"""
            using CompiledNet;
            [Input(2)]
            [{|CNET006:Dense(4, {{before}})|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class HiddenSoftmaxNet;
            """,
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, {{after}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class HiddenSoftmaxNet;
            """,
            Title,
            Key);

    [Theory]
    [InlineData("4, 3, Activation.Softmax", "4, 3, Activation.ReLU")]
    [InlineData("4, 3, 5, Activation.Softmax, Padding = 1", "4, 3, 5, Activation.ReLU, Padding = 1")]
    [InlineData("4, 3, activation: Activation.Softmax", "4, 3, activation: Activation.ReLU")]
    public Task Replaces_a_hidden_convolutions_softmax(string before, string after) =>
        Test.VerifyAsync(
            $$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [{|CNET006:Conv2D({{before}})|}]
            [Dense(1, Activation.Sigmoid)]
            public partial class SoftmaxConvNet;
            """,
            $$"""
            using CompiledNet;
            [Input(1, 8, 8)]
            [Conv2D({{after}})]
            [Dense(1, Activation.Sigmoid)]
            public partial class SoftmaxConvNet;
            """,
            Title,
            Key);

    [Fact]
    public Task Without_a_using_the_activation_stays_fully_qualified() =>
        Test.VerifyAsync(
            """
            [CompiledNet.Input(2)]
            [{|CNET006:CompiledNet.Dense(4, (CompiledNet.Activation)9)|}]
            [CompiledNet.Dense(1, CompiledNet.Activation.Sigmoid)]
            public partial class QualifiedNet;
            """,
            """
            [CompiledNet.Input(2)]
            [CompiledNet.Dense(4, CompiledNet.Activation.ReLU)]
            [CompiledNet.Dense(1, CompiledNet.Activation.Sigmoid)]
            public partial class QualifiedNet;
            """,
            Title,
            Key);

    [Fact]
    public Task With_using_static_the_bare_member_is_kept_bare() =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            using static CompiledNet.Activation;
            [Input(2)]
            [{|CNET006:Dense(4, Softmax)|}]
            [Dense(1, Sigmoid)]
            public partial class BareNet;
            """,
            """
            using CompiledNet;
            using static CompiledNet.Activation;
            [Input(2)]
            [Dense(4, ReLU)]
            [Dense(1, Sigmoid)]
            public partial class BareNet;
            """,
            Title,
            Key);

    [Fact]
    public Task Fix_all_replaces_every_hidden_softmax()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [Input(2)]
            [{|CNET006:Dense(4, Activation.Softmax)|}]
            [{|CNET006:Dense(4, Activation.Softmax)|}]
            [Dense(3, Activation.Softmax)]
            [Network(Loss = Loss.CrossEntropy)]
            public partial class TwiceNet;
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.ReLU)]
            [Dense(4, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            [Network(Loss = Loss.CrossEntropy)]
            public partial class TwiceNet;
            """,
            Title,
            Key);
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
