using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Every diagnostic's help link leads to its own section of docs/diagnostics.md, and that page documents the real ids
/// and no others.
/// </summary>
public sealed class DiagnosticDocsTests
{
    private const string PagePath = "docs/diagnostics.md";

    /// <summary>The analyzer reports every DiagnosticDescriptor field of the generator's DiagnosticDescriptors class.</summary>
    private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = new NetworkAnalyzer().SupportedDiagnostics;

    private static readonly Lazy<string> Page = new(() => File.ReadAllText(RepositoryPaths.InRoot("docs", "diagnostics.md")));

    [Fact]
    public void Every_descriptor_links_to_its_section_of_the_diagnostics_page()
    {
        Assert.NotEmpty(Descriptors);
        foreach (DiagnosticDescriptor descriptor in Descriptors)
        {
            string anchor = Anchor(descriptor.Id);
            Assert.EndsWith($"{PagePath}#{anchor}", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(Uri.IsWellFormedUriString(descriptor.HelpLinkUri, UriKind.Absolute), $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not an absolute URI.");
            Assert.Contains($"<a id=\"{anchor}\"></a>", Page.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_section_heading_gives_the_descriptors_id_and_title()
    {
        foreach (DiagnosticDescriptor descriptor in Descriptors)
        {
            string heading = $"## {descriptor.Id}: {descriptor.Title}";
            Assert.True(
                Page.Value.Split('\n').Any(line => line.TrimEnd('\r') == heading),
                $"{PagePath} has no heading '{heading}'.");
        }
    }

    [Fact]
    public void Every_id_the_page_names_is_a_real_descriptor()
    {
        var real = new HashSet<string>(Descriptors.Select(d => d.Id), StringComparer.Ordinal);

        var anchors = Regex.Matches(Page.Value, "<a id=\"([^\"]*)\"></a>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(anchors.Distinct(StringComparer.Ordinal).Count(), anchors.Count);
        Assert.Equal(real.Select(Anchor).OrderBy(a => a, StringComparer.Ordinal), anchors.OrderBy(a => a, StringComparer.Ordinal));

        foreach (Match mention in Regex.Matches(Page.Value, @"\bCNET\d+\b", RegexOptions.IgnoreCase))
        {
            Assert.True(real.Contains(mention.Value.ToUpperInvariant()), $"{PagePath} mentions {mention.Value}, which no descriptor reports.");
        }
    }

    private static string Anchor(string id) => id.ToLowerInvariant();
}
