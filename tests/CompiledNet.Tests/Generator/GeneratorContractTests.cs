using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Agreements the compiler cannot check: the generator copies the runtime's enums (it must not reference the runtime
/// assembly), and every diagnostic must be declared in the analyzer release files that RS2008 relies on.
/// </summary>
public sealed class GeneratorContractTests
{
    private static readonly Assembly GeneratorAssembly = typeof(CompiledNet.Generator.NetworkGenerator).Assembly;

    [Theory]
    [InlineData("CompiledNet.Generator.Model.ActivationKind", typeof(Activation))]
    [InlineData("CompiledNet.Generator.Model.LossKind", typeof(Loss))]
    public void Generator_enum_has_the_names_and_values_of_the_runtime_enum(string generatorEnumName, Type runtimeEnum)
    {
        Type generatorEnum = GeneratorAssembly.GetType(generatorEnumName, throwOnError: true)!;

        Assert.True(generatorEnum.IsEnum);
        Assert.Equal(Enum.GetUnderlyingType(runtimeEnum), Enum.GetUnderlyingType(generatorEnum));
        Assert.Equal(Members(runtimeEnum), Members(generatorEnum));
    }

    [Fact]
    public void Every_descriptor_is_in_AnalyzerReleases_Unshipped_with_its_severity_and_vice_versa()
    {
        var declared = Descriptors().Select(d => (d.Id, d.Category, Severity: d.DefaultSeverity.ToString())).OrderBy(r => r.Id).ToList();
        var released = ReleaseRules("AnalyzerReleases.Unshipped.md").OrderBy(r => r.Id).ToList();

        Assert.Equal(declared, released);
        Assert.Empty(ReleaseRules("AnalyzerReleases.Shipped.md").Select(r => r.Id).Intersect(released.Select(r => r.Id)));
    }

    [Fact]
    public void Descriptor_ids_run_from_CNET001_without_gaps_or_duplicates()
    {
        string[] ids = Descriptors().Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();

        Assert.True(ids.Length >= 13, $"Only {ids.Length} descriptors found; CNET001..CNET013 are documented.");
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"CNET{i:000}"), ids);
        Assert.All(Descriptors(), d => Assert.True(d.IsEnabledByDefault, d.Id));
    }

    [Fact]
    public void Diagnostics_page_lists_every_diagnostic_with_its_severity()
    {
        // The descriptors' help links lead to docs/diagnostics.md; its index table is where users look ids up.
        string page = File.ReadAllText(RepositoryPaths.InRoot("docs", "diagnostics.md"));
        var listed = Regex.Matches(page, @"^\|\s*\[(CNET\d{3})\]\(#cnet\d{3}\)\s*\|\s*(\w+)\s*\|", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .OrderBy(r => r.Item1, StringComparer.Ordinal);

        Assert.Equal(Descriptors().Select(d => (d.Id, d.DefaultSeverity.ToString())).OrderBy(r => r.Id, StringComparer.Ordinal), listed);
    }

    private static List<(string Name, long Value)> Members(Type enumType) =>
        Enum.GetNames(enumType)
            .Select(name => (name, Convert.ToInt64(Enum.Parse(enumType, name), System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(m => m.Item2)
            .ThenBy(m => m.name, StringComparer.Ordinal)
            .ToList();

    private static List<DiagnosticDescriptor> Descriptors()
    {
        Type type = GeneratorAssembly.GetType("CompiledNet.Generator.DiagnosticDescriptors", throwOnError: true)!;
        var descriptors = type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(descriptors);
        return descriptors;
    }

    /// <summary>The rows of the release file's "Rule ID | Category | Severity | Notes" tables.</summary>
    private static IEnumerable<(string Id, string Category, string Severity)> ReleaseRules(string fileName)
    {
        string path = RepositoryPaths.InRoot("generator", "CompiledNet.Generator", fileName);
        Assert.True(File.Exists(path), $"{path} not found.");
        return File.ReadAllLines(path)
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && Regex.IsMatch(cells[0], @"^[A-Z]+\d+$"))
            .Select(cells => (cells[0], cells[1], cells[2]))
            .ToList();
    }
}
