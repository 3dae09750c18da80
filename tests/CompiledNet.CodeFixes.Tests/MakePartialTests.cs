using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = CompiledNet.CodeFixes.Tests.CodeFixTest<CompiledNet.CodeFixes.MakePartialCodeFixProvider>;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>CNET001: 'partial' is added to the network and to every type around it that lacks it.</summary>
public sealed class MakePartialTests
{
    private const string Title = "Make the network and its containing types partial";
    private const string Key = "CNET001.MakePartial";

    /// <summary>
    /// The analyzer checks the network's symbol, so CNET001 at a containing type lies outside that symbol's declaration:
    /// a non-local diagnostic, which the framework does not let a fix touch unless told.
    /// </summary>
    private const CodeFixTestBehaviors NonLocal = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

    [Fact]
    public Task Adds_partial_after_the_other_modifiers() =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            namespace Fixes;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public sealed class {|CNET001:PlainNet|} { }
            """,
            """
            using CompiledNet;
            namespace Fixes;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public sealed partial class PlainNet { }
            """,
            Title,
            Key);

    [Fact]
    public Task Adds_partial_to_a_class_without_modifiers_keeping_its_comment_and_indentation() =>
        Test.VerifyAsync(
            """
            using CompiledNet;
            namespace Fixes
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                // The network.
                class {|CNET001:BareNet|}
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
                // The network.
                partial class BareNet
                {
                }
            }
            """,
            Title,
            Key);

    [Fact]
    public Task Adds_partial_to_a_record_that_contains_a_network()
    {
        // A network may not be a record (CNET017), but it may sit inside one.
        Test test = Test.Create(
            """
            using CompiledNet;
            public record {|CNET001:Holder|}
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class InnerNet;
            }
            """,
            """
            using CompiledNet;
            public partial record Holder
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class InnerNet;
            }
            """,
            Title,
            Key);
        test.CodeFixTestBehaviors = NonLocal;
        return test.RunAsync();
    }

    [Fact]
    public Task Reported_at_a_containing_type_makes_that_type_partial()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            public static class {|CNET001:Holder|}
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class InnerNet;
            }
            """,
            """
            using CompiledNet;
            public static partial class Holder
            {
                [Input(2)]
                [Dense(1, Activation.Sigmoid)]
                public partial class InnerNet;
            }
            """,
            Title,
            Key);
        test.CodeFixTestBehaviors = NonLocal;
        return test.RunAsync();
    }

    [Fact]
    public async Task One_fix_makes_the_whole_chain_partial()
    {
        // Three diagnostics, one per type; the first fix (at Outer) already fixes them all, the types in between too.
        Test test = Test.Create(
            """
            using CompiledNet;
            public class {|CNET001:Outer|}
            {
                internal struct {|CNET001:Middle|}
                {
                    [Input(2)]
                    [Dense(1, Activation.Sigmoid)]
                    public class {|CNET001:InnerNet|};

                    public class NotANetwork { }
                }
            }
            """,
            """
            using CompiledNet;
            public partial class Outer
            {
                internal partial struct Middle
                {
                    [Input(2)]
                    [Dense(1, Activation.Sigmoid)]
                    public partial class InnerNet;

                    public class NotANetwork { }
                }
            }
            """,
            Title,
            Key);
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = NonLocal;
        await test.RunAsync();
    }

    [Fact]
    public async Task Fixed_at_the_network_the_containing_types_become_partial_too()
    {
        // The framework fixes the first diagnostic it can; here only the network's own one is offered a fix, and that
        // one fix must reach Outer too, which leaves nothing to fix.
        var test = new CodeFixTest<FixAtTheNetworkOnly>
        {
            TestCode = """
                using CompiledNet;
                public class {|CNET001:Outer|}
                {
                    [Input(2)]
                    [Dense(1, Activation.Sigmoid)]
                    public class {|CNET001:InnerNet|};
                }
                """,
            FixedCode = """
                using CompiledNet;
                public partial class Outer
                {
                    [Input(2)]
                    [Dense(1, Activation.Sigmoid)]
                    public partial class InnerNet;
                }
                """,
            NumberOfIncrementalIterations = 1,
            CodeFixTestBehaviors = NonLocal | CodeFixTestBehaviors.SkipFixAllCheck,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_makes_every_network_of_the_document_partial()
    {
        Test test = Test.Create(
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public class {|CNET001:FirstNet|};

            public class {|CNET001:Outer|}
            {
                [Input(3)]
                [Dense(2, Activation.Softmax)]
                [Network(Loss = Loss.CrossEntropy)]
                internal class {|CNET001:SecondNet|};
            }
            """,
            """
            using CompiledNet;
            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial class FirstNet;

            public partial class Outer
            {
                [Input(3)]
                [Dense(2, Activation.Softmax)]
                [Network(Loss = Loss.CrossEntropy)]
                internal partial class SecondNet;
            }
            """,
            Title,
            Key);
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = NonLocal;
        await test.RunAsync();
    }
}

/// <summary>The CNET001 fix, offered only for the diagnostic at the network itself (not at a containing type).</summary>
public sealed class FixAtTheNetworkOnly : CodeFixProvider
{
    private readonly MakePartialCodeFixProvider _fix = new();

    public override ImmutableArray<string> FixableDiagnosticIds => _fix.FixableDiagnosticIds;

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics.Where(d => d.GetMessage(CultureInfo.InvariantCulture).StartsWith("'InnerNet'", StringComparison.Ordinal)))
        {
            await _fix.RegisterCodeFixesAsync(new CodeFixContext(context.Document, diagnostic, context.RegisterCodeFix, context.CancellationToken));
        }
    }
}
