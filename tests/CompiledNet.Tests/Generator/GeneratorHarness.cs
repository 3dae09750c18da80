using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompiledNet.Tests.Generator;

/// <summary>Runs the generator in memory over user source, as the compiler would for a net8.0 project.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location))
        .ToImmutableArray();

    /// <summary>
    /// A compilation of <paramref name="sources"/> with nullable on, every warning an error and unsafe code allowed
    /// (as [NativeExport] needs; tests of CNET019 turn it off).
    /// </summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Network{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver CreateDriver(bool trackSteps = false, ProjectFiles? project = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: project?.AdditionalFiles,
            parseOptions: ParseOptions,
            optionsProvider: project?.Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once and returns its result together with the compilation that includes its output.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(Compile(sources));

    /// <summary>
    /// Runs the generator once over <paramref name="input"/>, e.g. a compilation with other options, then the
    /// analyzer that reports declaration errors, as a build would.
    /// </summary>
    public static GeneratorOutput Run(CSharpCompilation input) => Run(input, project: null);

    /// <summary>
    /// Runs the generator and the analyzer as a build of a project whose additional files and folder
    /// <paramref name="project"/> gives, e.g. for networks that bake in a weight file.
    /// </summary>
    public static GeneratorOutput Run(CSharpCompilation input, ProjectFiles? project)
    {
        GeneratorDriver driver = CreateDriver(project: project).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var analyzerExceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            project is null ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) : new AnalyzerOptions(project.AdditionalFiles, project.Options),
            onAnalyzerException: (exception, _, _) => analyzerExceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> analyzerDiagnostics = output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();
        return new GeneratorOutput(result, output, generatorDiagnostics.AddRange(analyzerDiagnostics), analyzerExceptions);
    }
}

/// <summary>What one generator run produced.</summary>
/// <param name="Diagnostics">What the generator and the declaration analyzer reported (the generator itself reports nothing).</param>
/// <param name="AnalyzerExceptions">Exceptions the analyzer threw (it must never throw).</param>
internal sealed record GeneratorOutput(GeneratorDriverRunResult Result, Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> AnalyzerExceptions)
{
    /// <summary>The generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Every warning and error of the final compilation, generated code and analyzer diagnostics included.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Compilation.GetDiagnostics().Concat(Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Exceptions the generator or the analyzer threw (they must never throw).</summary>
    public IReadOnlyList<Exception> Exceptions =>
        Result.Results.Where(r => r.Exception is not null).Select(r => r.Exception!).Concat(AnalyzerExceptions).ToList();

    /// <summary>The generated file <paramref name="hintName"/> in the final compilation, and the network type it declares.</summary>
    public (SyntaxTree Tree, TypeDeclarationSyntax NetworkType) GeneratedNetwork(string hintName)
    {
        SyntaxTree tree = Compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));
        TypeDeclarationSyntax networkType = tree.GetCompilationUnitRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Single(t => t.BaseList is not null);
        return (tree, networkType);
    }
}
