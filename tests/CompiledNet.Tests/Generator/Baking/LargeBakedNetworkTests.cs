using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The Fashion-MNIST network (784-256-128-10, 235,146 parameters) with its weights baked in: the data goes into the
/// assembly's data section, not into any method body, so every method stays below the JIT's MinOpts limits.
/// </summary>
public sealed class LargeBakedNetworkTests(ITestOutputHelper log)
{
    private const string Declaration = """
        using CompiledNet;
        namespace Baking;
        [Network(Loss = Loss.CrossEntropy{0})]
        [Input(784)]
        [Dense(256, Activation.ReLU)]
        [Dense(128, Activation.ReLU)]
        [Dense(10, Activation.Softmax)]
        public partial class FashionNet;
        """;

    [Fact]
    public void Fashion_sized_baked_network_keeps_every_method_small_and_matches_the_file()
    {
        using var project = new ProjectFiles();
        Type unbaked = BakedNetworks.Load(GeneratorHarness.Run(string.Format(Declaration, string.Empty)).Compilation).GetType("Baking.FashionNet", throwOnError: true)!;
        var saved = (INetwork<float>)Activator.CreateInstance(unbaked, 5)!;
        new SeededRandom(6).FillUniform(saved.Parameters.Slice(784 * 256, 256), 0.1);
        project.Write("fashion.cnet", BakedWeightsTests.SaveToBytes(saved));

        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.Compile(string.Format(Declaration, ", Weights = \"fashion.cnet\"")), project);
        Assert.Empty(output.Exceptions);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        string data = output.Sources["Baking.FashionNet.BakedWeights.g.cs"];
        log.WriteLine($"Generated: network {output.Sources["Baking.FashionNet.g.cs"].Length:N0} characters, baked weights {data.Length:N0} characters.");

        IReadOnlyList<MethodMeasure> methods = CompiledMethodBodies.MeasureRelease(output.Compilation);
        MethodMeasure getter = Assert.Single(methods, m => m.Name.EndsWith("get_BakedParameters", StringComparison.Ordinal));
        Assert.True(getter.Counts.IlBytes < 32, $"BakedParameters' getter has {getter.Counts.IlBytes} IL bytes: the data must stay out of the method body.");
        foreach (MethodMeasure m in methods)
        {
            Assert.True(m.Counts.IlBytes < 60_000, $"{m.Name}: {m.Counts.IlBytes} IL bytes.");
            Assert.True(m.Counts.Instructions < 20_000, $"{m.Name}: {m.Counts.Instructions} IL instructions.");
            Assert.True(m.Counts.BasicBlocks < 2_000, $"{m.Name}: about {m.Counts.BasicBlocks} basic blocks.");
            Assert.True(m.LocalVariables < 2_000, $"{m.Name}: {m.LocalVariables} locals and arguments.");
            Assert.True(m.Counts.LocalReferences < 8_000, $"{m.Name}: {m.Counts.LocalReferences} local references.");
        }

        var baked = (INetwork<float>)Activator.CreateInstance(BakedNetworks.Load(output.Compilation).GetType("Baking.FashionNet", throwOnError: true)!)!;
        Assert.True(saved.Parameters.SequenceEqual(baked.Parameters), "The baked parameters differ from the saved ones.");
    }
}
