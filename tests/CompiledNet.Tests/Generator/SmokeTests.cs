using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Generator;

public sealed class SmokeTests
{
    [Fact]
    public void Xor_network_generates_and_compiles_without_warnings()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using CompiledNet;
            namespace Demo;
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet;
            """);

        Assert.Empty(output.Exceptions);
        Assert.Empty(output.Diagnostics);
        Assert.Equal("Demo.XorNet.g.cs", Assert.Single(output.Sources).Key);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
    }
}
