using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CompiledNet.CodeFixes;

/// <summary>CNET006: a hidden layer cannot use Softmax; the fix gives it ReLU, the usual hidden activation.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HiddenSoftmaxCodeFixProvider)), Shared]
public sealed class HiddenSoftmaxCodeFixProvider : CodeFixProvider
{
    internal const string Replacement = "ReLU";

    internal const string EquivalenceKey = DiagnosticIds.SoftmaxOnHiddenLayer + ".ReLU";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.SoftmaxOnHiddenLayer);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root is not null && EnumArguments.AttributeAt(root, diagnostic.Location.SourceSpan) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        LayerActivation.Title(Replacement),
                        c => LayerActivation.SetAsync(context.Document, diagnostic.Location.SourceSpan, Replacement, c),
                        EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
