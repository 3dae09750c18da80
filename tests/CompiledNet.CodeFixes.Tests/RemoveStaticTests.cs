using System.Threading.Tasks;
using Xunit;
using Test = CompiledNet.CodeFixes.Tests.CodeFixTest<CompiledNet.CodeFixes.RemoveStaticCodeFixProvider>;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>CNET012: 'static' is removed from every part of the network that has it.</summary>
public sealed class RemoveStaticTests
{
    private const string Title = "Remove 'static'";
    private const string Key = "CNET012.RemoveStatic";

    [Fact]
    public Task Removes_static_between_other_modifiers() =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public static partial class {|CNET012:StaticNet|};
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class StaticNet;
            """,
            Title,
            Key);

    [Fact]
    public Task Removes_a_leading_static_keeping_the_indentation() =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            namespace Fixes
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                static partial class {|CNET012:StaticNet|}
                {
                }
            }
            """,
            """
            using CompiledNet;
            namespace Fixes
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                partial class StaticNet
                {
                }
            }
            """,
            Title,
            Key);

    [Fact]
    public Task Removes_static_from_another_part_of_the_network()
    {
        // One static part makes the whole type static; the diagnostic points at the part with the attributes.
        Test test = Test.Create(
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class {|CNET012:SplitNet|};
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SplitNet;
            """,
            Title,
            Key);
        test.TestState.Sources.Add(("Other.cs", "public static partial class SplitNet { }\n"));
        test.FixedState.Sources.Add(("Other.cs", "public partial class SplitNet { }\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_removes_static_from_every_network()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public static partial class {|CNET012:FirstNet|};

            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            internal static partial class {|CNET012:SecondNet|};
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class FirstNet;

            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            internal partial class SecondNet;
            """,
            Title,
            Key);
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
