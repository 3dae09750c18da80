using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>What holds for every provider: the ids it fixes are the analyzer's, and it can fix all.</summary>
public sealed class ProviderTests
{
    private static readonly CodeFixProvider[] Providers = typeof(MakePartialCodeFixProvider).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToArray();

    [Fact]
    public void Each_fixed_id_is_a_diagnostic_of_the_analyzer_and_has_one_provider()
    {
        Dictionary<string, DiagnosticDescriptor> analyzer = new NetworkAnalyzer().SupportedDiagnostics.ToDictionary(d => d.Id);
        string[] fixedIds = Providers.SelectMany(p => p.FixableDiagnosticIds).ToArray();

        Assert.Equal(new[] { "CNET001", "CNET006", "CNET007", "CNET009", "CNET012" }, fixedIds.Order(StringComparer.Ordinal));
        Assert.All(fixedIds, id => Assert.True(analyzer.ContainsKey(id), id));
    }

    [Fact]
    public void Each_provider_can_fix_all()
    {
        Assert.All(Providers, p => Assert.NotNull(p.GetFixAllProvider()));
    }
}
