using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CompiledNet.CodeFixes.Tests;

/// <summary>
/// A code-fix test against the generator's <see cref="NetworkAnalyzer"/>, which reports every CNET diagnostic. The
/// source generator does not run: the fixes only need the analyzer's diagnostics, and the declarations compile without
/// the generated part.
/// </summary>
/// <remarks>
/// The compilation references .NET 8 (what the runtime targets) from Basic.Reference.Assemblies, so no reference
/// package is downloaded, plus the runtime assembly for the attributes and enums. Unless told otherwise the framework
/// also applies each fix through Fix All, in document, project and solution scope, and checks that it gives the same code.
/// </remarks>
internal sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<NetworkAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A target framework without a reference-assembly package: the references come from <see cref="Net80"/>.</summary>
    private static readonly ReferenceAssemblies NoPackage = new("net8.0");

    private static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location);

    public CodeFixTest()
    {
        ReferenceAssemblies = NoPackage;
        TestState.AdditionalReferences.AddRange(Net80.References.All);
        TestState.AdditionalReferences.Add(Runtime);
    }

    /// <summary>
    /// Checks that the markup in <paramref name="source"/> gives exactly the diagnostics marked, and that the action at
    /// <paramref name="index"/>, with <paramref name="equivalenceKey"/> and <paramref name="title"/>, turns it into
    /// <paramref name="fixedSource"/>, which has no diagnostics left.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, string title, string equivalenceKey, int index = 0) =>
        Create(source, fixedSource, title, equivalenceKey, index).RunAsync();

    /// <summary>The test <see cref="VerifyAsync"/> runs, to adjust before running it.</summary>
    public static CodeFixTest<TCodeFix> Create(string source, string fixedSource, string title, string equivalenceKey, int index = 0) => new()
    {
        TestCode = source,
        FixedCode = fixedSource,
        CodeActionIndex = index,
        CodeActionEquivalenceKey = equivalenceKey,
        CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title, "the title of the chosen code action"),
    };

    /// <inheritdoc />
    /// <remarks>The language version the repository builds with.</remarks>
    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);
}
