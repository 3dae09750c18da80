using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CompiledNet.Generator;
using CompiledNet.Tests.Persistence;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// A weight file is an input of the incremental pipeline: editing it regenerates the network that bakes it in and
/// nothing else, and editing anything else (code, or another weight file) regenerates no baked network.
/// </summary>
public sealed class BakedWeightCachingTests
{
    private static readonly IncrementalStepRunReason[] CachedReasons = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    private static readonly string[] Sources =
    {
        BakedNetworks.FloatNet("\"a.cnet\"", name: "NetA"),
        BakedNetworks.FloatNet("\"b.cnet\"", name: "NetB"),
        """
        namespace Baking;
        public class Unrelated
        {
            public int Value => 1;
        }
        """,
    };

    [Fact]
    public void Editing_a_weight_file_regenerates_only_the_network_that_bakes_it_in()
    {
        using var project = new ProjectFiles();
        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        project.Write("b.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(2)));
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(project);
        string bBefore = Generated(driver.GetRunResult().Results[0], "Baking.NetB.BakedWeights.g.cs");

        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(3)));
        GeneratorRunResult result = driver
            .ReplaceAdditionalTexts(project.ReopenedAdditionalFiles())
            .RunGenerators(compilation)
            .GetRunResult().Results[0];

        var outputs = OutputSteps(result);
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified && o.Value.Contains("NetA", StringComparison.Ordinal));
        Assert.All(outputs.Where(o => o.Value.Contains("NetB", StringComparison.Ordinal)), o => Assert.Contains(o.Reason, CachedReasons));
        Assert.Equal(bBefore, Generated(result, "Baking.NetB.BakedWeights.g.cs"));
        Assert.Contains(new PersistFloatNet(3).Parameters[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture), Generated(result, "Baking.NetA.BakedWeights.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_a_weight_file_with_the_same_bytes_regenerates_nothing()
    {
        using var project = new ProjectFiles();
        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        project.Write("b.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(2)));
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(project);

        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        GeneratorRunResult result = driver.ReplaceAdditionalTexts(project.ReopenedAdditionalFiles()).RunGenerators(compilation).GetRunResult().Results[0];

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void Editing_code_or_adding_an_unrelated_weight_file_regenerates_nothing()
    {
        using var project = new ProjectFiles();
        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        project.Write("b.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(2)));
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(project);

        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Network2.cs");
        string text = tree.GetText().ToString().Replace("public int Value => 1;", "public int Value => 2;", StringComparison.Ordinal);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        AssertNothingRegenerated(driver.RunGenerators(edited).GetRunResult().Results[0]);

        project.Write("c.cnet", BakedWeightsTests.SaveToBytes(new PersistWiderNet(1)));
        AssertNothingRegenerated(driver.ReplaceAdditionalTexts(project.ReopenedAdditionalFiles()).RunGenerators(compilation).GetRunResult().Results[0]);
    }

    [Fact]
    public void Only_the_weight_files_a_network_names_are_read()
    {
        using var project = new ProjectFiles();
        project.Write("a.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(1)));
        project.Write("b.cnet", BakedWeightsTests.SaveToBytes(new PersistFloatNet(2)));
        project.Write("unused.cnet", BakedWeightsTests.SaveToBytes(new PersistWiderNet(1)));
        project.Write("models/large.safetensors", new byte[4096]);
        (GeneratorDriver driver, _) = FirstRun(project);

        string[] read = driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.ReadWeightFiles]
            .SelectMany(step => step.Outputs)
            .Select(output => System.IO.Path.GetFileName(((CompiledNet.Generator.Weights.WeightFileSource)output.Value).Path))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { "a.cnet", "b.cnet" }, read);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(ProjectFiles project)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true, project: project).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];
        Assert.Null(first.Exception);
        Assert.Equal(4, first.GeneratedSources.Length);
        return (driver, compilation);
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        var outputs = OutputSteps(result);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, CachedReasons));
        Assert.All(result.TrackedSteps[TrackingNames.BakeWeights].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, CachedReasons));
    }

    /// <summary>Each source output step with the network it wrote, named by its input's text.</summary>
    private static List<(string Value, IncrementalStepRunReason Reason)> OutputSteps(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(kv => kv.Value)
            .SelectMany(step => step.Inputs.Select(i => i.Source.Outputs[i.OutputIndex].Value.ToString() ?? string.Empty)
                .SelectMany(value => step.Outputs.Select(o => (value, o.Reason))))
            .ToList();

    private static string Generated(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
