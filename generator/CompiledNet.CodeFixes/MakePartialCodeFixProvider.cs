using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.CodeFixes;

/// <summary>
/// CNET001: adds 'partial' to the network and to every type around it that lacks it. The diagnostic points at the
/// network, or at a containing type that is not partial; either way one fix makes the whole chain partial.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    internal const string Title = "Make the network and its containing types partial";

    internal const string EquivalenceKey = DiagnosticIds.TypeNotPartial + ".MakePartial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.TypeNotPartial);

    /// <inheritdoc />
    /// <remarks>One rewrite per document: the diagnostics of one chain would otherwise each add the same keywords.</remarks>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, c => FixAsync(context.Document, ImmutableArray.Create(diagnostic), c), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var toFix = new HashSet<TypeDeclarationSyntax>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax reported)
            {
                AddChain(reported, toFix);

                // Reported at a containing type: the networks inside it, and the types between, need 'partial' too.
                foreach (TypeDeclarationSyntax nested in reported.DescendantNodes().OfType<TypeDeclarationSyntax>())
                {
                    if (IsNetwork(nested, model, cancellationToken))
                    {
                        AddChain(nested, toFix);
                    }
                }
            }
        }

        SyntaxNode fixedRoot = root.ReplaceNodes(
            toFix.Where(t => !t.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)),
            (_, rewritten) => Modifiers.AddPartial(rewritten));
        return document.WithSyntaxRoot(fixedRoot);
    }

    /// <summary>Adds <paramref name="declaration"/> and every type declaration around it.</summary>
    private static void AddChain(TypeDeclarationSyntax declaration, HashSet<TypeDeclarationSyntax> chain)
    {
        foreach (TypeDeclarationSyntax type in declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
        {
            chain.Add(type);
        }
    }

    private static bool IsNetwork(TypeDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellationToken) =>
        declaration.AttributeLists.Count > 0
        && model.GetDeclaredSymbol(declaration, cancellationToken) is { } type
        && type.GetAttributes().Any(a => RuntimeNames.IsNetworkAttribute(a.AttributeClass?.ToDisplayString()));
}
