using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Test = CompiledNet.CodeFixes.Tests.CodeFixTest<CompiledNet.CodeFixes.LossOutputCodeFixProvider>;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>
/// CNET007: the output layer gets the activation the loss needs (first action), or the loss becomes MeanSquaredError
/// (second), or the cross-entropy made for the output (third, for a Softmax or Sigmoid output only).
/// </summary>
public sealed class LossOutputTests
{
    private const string OutputKey = "CNET007.OutputActivation";
    private const string MeanSquaredErrorKey = "CNET007.MeanSquaredError";
    private const string FittingLossKey = "CNET007.FittingLoss";

    [Theory]
    [InlineData("CrossEntropy", "Sigmoid", 0, "Use Activation.Softmax on the output layer", OutputKey, "CrossEntropy", "Softmax")]
    [InlineData("CrossEntropy", "Sigmoid", 1, "Use Loss.MeanSquaredError", MeanSquaredErrorKey, "MeanSquaredError", "Sigmoid")]
    [InlineData("CrossEntropy", "Sigmoid", 2, "Use Loss.BinaryCrossEntropy", FittingLossKey, "BinaryCrossEntropy", "Sigmoid")]
    [InlineData("BinaryCrossEntropy", "Softmax", 0, "Use Activation.Sigmoid on the output layer", OutputKey, "BinaryCrossEntropy", "Sigmoid")]
    [InlineData("BinaryCrossEntropy", "Softmax", 1, "Use Loss.MeanSquaredError", MeanSquaredErrorKey, "MeanSquaredError", "Softmax")]
    [InlineData("BinaryCrossEntropy", "Softmax", 2, "Use Loss.CrossEntropy", FittingLossKey, "CrossEntropy", "Softmax")]
    [InlineData("CrossEntropy", "Tanh", 0, "Use Activation.Softmax on the output layer", OutputKey, "CrossEntropy", "Softmax")]
    [InlineData("BinaryCrossEntropy", "Tanh", 1, "Use Loss.MeanSquaredError", MeanSquaredErrorKey, "MeanSquaredError", "Tanh")]
    public Task Fixes_the_output_activation_or_the_loss(string loss, string output, int index, string title, string key, string fixedLoss, string fixedOutput) =>
        Test.VerifyAsync(
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [{|CNET007:Network(Loss = Loss.{{loss}})|}]
            [Dense(3, Activation.{{output}})]
            public partial class MismatchNet;
            """,
            $$"""
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Network(Loss = Loss.{{fixedLoss}})]
            [Dense(3, Activation.{{fixedOutput}})]
            public partial class MismatchNet;
            """,
            title,
            key,
            index);

    [Theory]
    [InlineData(0, "Use Activation.Softmax on the output layer", OutputKey, "Loss.CrossEntropy", "Dense(3, Activation.Softmax)")]
    [InlineData(1, "Use Loss.MeanSquaredError", MeanSquaredErrorKey, "Loss.MeanSquaredError", "Dense(3)")]
    public Task A_linear_output_left_to_the_default_gets_the_activation_added(int index, string title, string key, string fixedLoss, string fixedOutput) =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            [{|CNET007:Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)|}]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(3)]
            public partial class LinearOutputNet;
            """,
            $$"""
            using CompiledNet;
            [Network(Loss = {{fixedLoss}}, Precision = Precision.Double)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [{{fixedOutput}}]
            public partial class LinearOutputNet;
            """,
            title,
            key,
            index);

    [Theory]
    [InlineData(0, OutputKey, "CompiledNet.Loss.BinaryCrossEntropy", "CompiledNet.Activation.Sigmoid")]
    [InlineData(1, MeanSquaredErrorKey, "CompiledNet.Loss.MeanSquaredError", "(CompiledNet.Activation)9")]
    [InlineData(2, FittingLossKey, "CompiledNet.Loss.CrossEntropy", "(CompiledNet.Activation)9")]
    public Task Keeps_the_qualification_the_user_wrote(int index, string key, string fixedLoss, string fixedOutput) =>
        Test.VerifyAsync(
            """
            [CompiledNet.Input(2)]
            [CompiledNet.Dense(4, CompiledNet.Activation.Tanh)]
            [CompiledNet.Dense(3, (CompiledNet.Activation)9)]
            [{|CNET007:CompiledNet.Network(Loss = CompiledNet.Loss.BinaryCrossEntropy)|}]
            public partial class QualifiedNet;
            """,
            $$"""
            [CompiledNet.Input(2)]
            [CompiledNet.Dense(4, CompiledNet.Activation.Tanh)]
            [CompiledNet.Dense(3, {{fixedOutput}})]
            [CompiledNet.Network(Loss = {{fixedLoss}})]
            public partial class QualifiedNet;
            """,
            index switch { 0 => "Use Activation.Sigmoid on the output layer", 1 => "Use Loss.MeanSquaredError", _ => "Use Loss.CrossEntropy" },
            key,
            index);

    [Fact]
    public Task Fixes_the_output_layer_in_another_part_of_the_network()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [{|CNET007:Network(Loss = Loss.BinaryCrossEntropy)|}]
            public partial class SplitNet;
            """,
            """
            using CompiledNet;
            [Network(Loss = Loss.BinaryCrossEntropy)]
            public partial class SplitNet;
            """,
            "Use Activation.Sigmoid on the output layer",
            OutputKey);
        test.TestState.Sources.Add(("Layers.cs", "using CompiledNet;\n[Input(2)]\n[Dense(1, Activation.Softmax)]\npublic partial class SplitNet { }\n"));
        test.FixedState.Sources.Add(("Layers.cs", "using CompiledNet;\n[Input(2)]\n[Dense(1, Activation.Sigmoid)]\npublic partial class SplitNet { }\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_switches_every_network_to_the_loss_that_fits_its_output()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [{|CNET007:Network(Loss = Loss.BinaryCrossEntropy)|}]
            [Input(2)]
            [Dense(3, Activation.Softmax)]
            public partial class SoftmaxNet;

            [{|CNET007:Network(Loss = Loss.CrossEntropy)|}]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SigmoidNet;
            """,
            """
            using CompiledNet;
            [Network(Loss = Loss.CrossEntropy)]
            [Input(2)]
            [Dense(3, Activation.Softmax)]
            public partial class SoftmaxNet;

            [Network(Loss = Loss.BinaryCrossEntropy)]
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SigmoidNet;
            """,
            "Use Loss.CrossEntropy",
            FittingLossKey,
            index: 2);

        // One equivalence key, one title per network: each names the loss that network gets.
        test.CodeActionVerifier = (action, verifier) =>
            verifier.True(action.Title is "Use Loss.CrossEntropy" or "Use Loss.BinaryCrossEntropy", action.Title);
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public async Task The_fixes_know_which_output_each_loss_needs_as_the_analyzer_does()
    {
        // Every loss against every output activation: CNET007 comes exactly when the fix's table says the loss needs
        // another output, and the loss offered for an output is one that fits it. A new loss or activation in the
        // runtime that the fix's table misses fails here.
        foreach (string loss in Enum.GetNames<Loss>())
        {
            foreach (string output in Enum.GetNames<Activation>())
            {
                bool reported = await ReportsLossMismatchAsync(loss, output);
                string? required = LossOutputCodeFixProvider.RequiredOutput(loss);
                Assert.True(reported == (required is not null && required != output), $"Loss.{loss} with an Activation.{output} output");
            }
        }

        foreach (string output in Enum.GetNames<Activation>())
        {
            if (LossOutputCodeFixProvider.FittingLoss(output) is { } fitting)
            {
                Assert.Contains(fitting, Enum.GetNames<Loss>());
                Assert.False(await ReportsLossMismatchAsync(fitting, output), $"Loss.{fitting} offered for an Activation.{output} output");
            }
        }
    }

    private static async Task<bool> ReportsLossMismatchAsync(string loss, string output)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "LossTable",
            new[]
            {
                CSharpSyntaxTree.ParseText($$"""
                    using CompiledNet;
                    [Network(Loss = Loss.{{loss}})]
                    [Input(2)]
                    [Dense(4, Activation.Tanh)]
                    [Dense(3, Activation.{{output}})]
                    public partial class TableNet;
                    """),
            },
            Net80.References.All.Append(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.Any(d => d.Id == "CNET007");
    }
}
