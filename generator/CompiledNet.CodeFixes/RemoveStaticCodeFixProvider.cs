using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.CodeFixes;

/// <summary>CNET012: removes 'static' from the network, from every part of it that has it (one static part makes the whole type static).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveStaticCodeFixProvider)), Shared]
public sealed class RemoveStaticCodeFixProvider : CodeFixProvider
{
    internal const string Title = "Remove 'static'";

    internal const string EquivalenceKey = DiagnosticIds.StaticNetwork + ".RemoveStatic";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.StaticNetwork);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax declaration)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, c => FixAsync(context.Document, declaration, c), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> FixAsync(Document document, TypeDeclarationSyntax reported, CancellationToken cancellationToken)
    {
        Solution solution = document.Project.Solution;
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(reported, cancellationToken) is not INamedTypeSymbol type)
        {
            return solution;
        }

        foreach (IGrouping<SyntaxTree, SyntaxReference> parts in type.DeclaringSyntaxReferences.GroupBy(r => r.SyntaxTree))
        {
            if (solution.GetDocument(parts.Key) is not { } partDocument)
            {
                continue;
            }

            SyntaxNode root = await parts.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var declarations = parts
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Where(d => d.Modifiers.Any(SyntaxKind.StaticKeyword));
            solution = solution.WithDocumentSyntaxRoot(partDocument.Id, root.ReplaceNodes(declarations, (_, rewritten) => Modifiers.RemoveStatic(rewritten)));
        }

        return solution;
    }
}
