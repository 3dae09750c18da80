using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The pipeline must cache: in an IDE the generator runs on every keystroke, so an edit that does not touch a network
/// must not re-emit it. Follows the approach of the Roslyn incremental-generator cookbook and NetEscapades.EnumGenerators.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string NetworkFile = "Network0.cs";

    // The warning keeps a diagnostic (with its location) in the cached model too.
    private const string NetworkSource = """
        using CompiledNet;
        namespace Caching;
        [Network(Loss = Loss.CrossEntropy)]
        [Input(4)]
        [Dense(8, Activation.ReLU)]
        [Dense(6)]
        [Dense(3, Activation.Softmax)]
        public partial class CachedNet;
        """;

    private const string OtherNetworkSource = """
        using CompiledNet;
        namespace Caching;
        [Input(2)]
        [Dense(1, Activation.Sigmoid)]
        public partial class OtherNet;
        """;

    private const string UnrelatedSource = """
        namespace Caching;
        public class Unrelated
        {
            public int Value => 1;
        }
        """;

    private static readonly IncrementalStepRunReason[] CachedReasons = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void Second_run_over_the_same_compilation_is_fully_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource, OtherNetworkSource, UnrelatedSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results[0];

        GeneratorRunResult again = driver.RunGenerators(compilation).GetRunResult().Results[0];
        GeneratorRunResult clone = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];

        Assert.Equal(2, first.GeneratedSources.Length);
        AssertAllCached(again);
        AssertAllCached(clone);
        Assert.Equal(first.GeneratedSources.Select(s => s.SourceText.ToString()), clone.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void Adding_an_unrelated_file_keeps_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource, OtherNetworkSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(UnrelatedSource, GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllCached(result);
    }

    [Fact]
    public void Editing_an_unrelated_file_keeps_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource, OtherNetworkSource, UnrelatedSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        CSharpCompilation edited = ReplaceText(compilation, "Network2.cs", "public int Value => 1;", "public int Value => 2;\n    public string Name => \"changed\";");
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertAllCached(result);
    }

    [Fact]
    public void Changing_a_layer_size_modifies_that_network_only()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource, OtherNetworkSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        string before = GeneratedFor(driver.GetRunResult().Results[0], "Caching.CachedNet.g.cs");

        CSharpCompilation edited = ReplaceText(compilation, NetworkFile, "[Dense(8, Activation.ReLU)]", "[Dense(16, Activation.ReLU)]");
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results[0];

        var parsed = ParseOutputs(result).ToList();
        (object changedModel, IncrementalStepRunReason changedReason) = Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("CachedNet", changedModel.ToString(), StringComparison.Ordinal);
        Assert.All(parsed.Where(o => o.Reason != changedReason), o => Assert.Contains(o.Reason, CachedReasons));
        Assert.Contains(parsed, o => o.Value.ToString()!.Contains("OtherNet", StringComparison.Ordinal) && CachedReasons.Contains(o.Reason));

        string after = GeneratedFor(result, "Caching.CachedNet.g.cs");
        Assert.NotEqual(before, after);
        Assert.Contains("Dense 16 ReLU", after, StringComparison.Ordinal);
        Assert.Contains(OutputReasons(result), r => r == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Parse_models_compare_by_value_not_by_reference()
    {
        // Two independent compilations share no objects, so only value equality can make their models equal.
        GeneratorRunResult a = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(NetworkSource)).GetRunResult().Results[0];
        GeneratorRunResult b = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(NetworkSource)).GetRunResult().Results[0];

        object modelA = Assert.Single(ParseOutputs(a)).Value;
        object modelB = Assert.Single(ParseOutputs(b)).Value;
        Assert.NotSame(modelA, modelB);
        Assert.Equal(modelA, modelB);
        Assert.Equal(modelA.GetHashCode(), modelB.GetHashCode());
    }

    [Fact]
    public void Parse_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource, OtherNetworkSource, """
            using CompiledNet;
            [Input(2)]
            [Dense(4, Activation.Softmax)]
            [Dense(1)]
            public class BrokenNet;
            """);
        GeneratorRunResult result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results[0];

        // A declaration with errors yields no model at all (the analyzer reports it), so two models remain.
        var models = ParseOutputs(result).Select(o => o.Value).ToList();
        Assert.Equal(2, models.Count);
        foreach (object model in models)
        {
            ModelGraph.AssertHoldsNoCompilerObjects(model);
        }

        // Also by declared field types, so a field that happens to be null in these samples is still caught.
        ModelGraph.AssertNoCompilerFieldTypes(models[0].GetType());

        // The layers are declared by their abstract base, so every layer kind is walked too.
        Type[] layerKinds = typeof(NetworkGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CompiledNet.Generator.Model.Layers.LayerSpec).IsAssignableFrom(t))
            .ToArray();
        Assert.NotEmpty(layerKinds);
        foreach (Type layerKind in layerKinds)
        {
            ModelGraph.AssertNoCompilerFieldTypes(layerKind);
        }
    }

    [Fact]
    public void Model_graph_check_detects_a_symbol()
    {
        // The check itself must be able to fail, or the test above proves nothing.
        CSharpCompilation compilation = GeneratorHarness.Compile(NetworkSource);
        var holder = new Tuple<string, object>("x", compilation.GetTypeByMetadataName("Caching.CachedNet")!);

        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertHoldsNoCompilerObjects(holder));
        Assert.ThrowsAny<Exception>(() => ModelGraph.AssertHoldsNoCompilerObjects(new List<object> { 1, compilation }));
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        var parsed = ParseOutputs(result).ToList();
        Assert.NotEmpty(parsed);
        Assert.All(parsed, o => Assert.Contains(o.Reason, CachedReasons));

        var outputs = OutputReasons(result).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, r => Assert.Contains(r, CachedReasons));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> ParseOutputs(GeneratorRunResult result) =>
        result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(step => step.Outputs).Select(o => o.Reason);

    private static string GeneratedFor(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    private static CSharpCompilation ReplaceText(CSharpCompilation compilation, string path, string oldText, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.GetText().ToString();
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        SyntaxTree edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal)));
        return compilation.ReplaceSyntaxTree(tree, edited);
    }
}
