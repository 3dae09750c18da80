using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CompiledNet.CodeFixes;

/// <summary>
/// CNET009: a Linear hidden layer, written out or left to [Dense]'s default, gets a nonlinear activation: ReLU or Tanh.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LinearHiddenLayerCodeFixProvider)), Shared]
public sealed class LinearHiddenLayerCodeFixProvider : CodeFixProvider
{
    /// <summary>The activations offered, in the order of the actions.</summary>
    internal static readonly ImmutableArray<string> Replacements = ImmutableArray.Create("ReLU", "Tanh");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.LinearHiddenLayer);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>The equivalence key of the action that uses <paramref name="member"/>.</summary>
    internal static string EquivalenceKey(string member) => DiagnosticIds.LinearHiddenLayer + "." + member;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root is null || EnumArguments.AttributeAt(root, diagnostic.Location.SourceSpan) is null)
            {
                continue;
            }

            foreach (string member in Replacements)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        LayerActivation.Title(member),
                        c => LayerActivation.SetAsync(context.Document, diagnostic.Location.SourceSpan, member, c),
                        EquivalenceKey(member)),
                    diagnostic);
            }
        }
    }
}
