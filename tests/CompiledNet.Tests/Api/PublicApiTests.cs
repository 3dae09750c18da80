using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using CompiledNet.Tests.Generator;
using Xunit;

namespace CompiledNet.Tests.Api;

/// <summary>The public API of the runtime and the ONNX package, pinned down in docs/api.md so that every change to it is a reviewed one.</summary>
public sealed class PublicApiTests
{
    private static readonly Assembly Runtime = typeof(INetwork<>).Assembly;

    private static readonly Assembly Onnx = typeof(CompiledNet.Onnx.OnnxModel).Assembly;

    [Fact]
    public void Public_api_matches_docs_api_md()
    {
        GoldenFile.AssertFileMatches(ApiListing.GoldenPath, ApiListing.Markdown(Runtime, Onnx), "The public API of CompiledNet");
    }

    [Fact]
    public void A_changed_api_fails_with_the_added_and_removed_lines_and_the_update_hint()
    {
        if (GoldenFile.IsUpdating)
        {
            // In update mode the comparison writes instead of comparing; do not overwrite docs/api.md with junk.
            return;
        }

        string listing = ApiListing.Markdown(Runtime, Onnx);
        string changed = listing
            .Replace("public static class Trainer\n", "public static class Trainer\n    public static void Extra()\n", StringComparison.Ordinal)
            .Replace("public sealed class TrainingOptions\n", "public sealed class TrainingOption\n", StringComparison.Ordinal);
        Assert.NotEqual(listing, changed);

        var failure = Assert.ThrowsAny<Exception>(() => GoldenFile.AssertFileMatches(ApiListing.GoldenPath, changed, "The public API of CompiledNet"));
        Assert.Contains("docs", failure.Message, StringComparison.Ordinal);
        Assert.Contains("+     public static void Extra()", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- public sealed class TrainingOptions", failure.Message, StringComparison.Ordinal);
        Assert.Contains("+ public sealed class TrainingOption", failure.Message, StringComparison.Ordinal);
        Assert.Contains(GoldenFile.UpdateVariable + "=1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_see_one_namespace_and_the_generated_only_types_are_hidden()
    {
        Type[] exported = Runtime.GetExportedTypes();

        Assert.Equal(new[] { "CompiledNet", "CompiledNet.Generated" }, exported.Select(t => t.Namespace).Distinct().Order(StringComparer.Ordinal));
        Assert.All(
            exported.Where(t => t.Namespace == "CompiledNet.Generated"),
            t => Assert.Equal(EditorBrowsableState.Never, t.GetCustomAttribute<EditorBrowsableAttribute>()?.State));
    }

    [Fact]
    public void Line_changes_list_removed_and_added_lines_in_file_order()
    {
        string changes = GoldenFile.LineChanges("a\nb\nc\nd", "a\nB\nc\nd\ne");

        Assert.Equal(
            new[] { "Lines removed (-) from and added (+) to the golden file:", "- b", "+ B", "+ e" },
            changes.Split(Environment.NewLine));
    }
}
