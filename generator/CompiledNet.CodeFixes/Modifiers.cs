using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.CodeFixes;

/// <summary>Adds and removes a type declaration's modifiers, keeping the comments, attributes and indentation around them.</summary>
internal static class Modifiers
{
    /// <summary>
    /// The declaration with 'partial' as its last modifier (C# wants it right before 'class', 'struct', 'record' or
    /// 'interface'); unchanged when it is already partial.
    /// </summary>
    public static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return declaration;
        }

        if (declaration.Modifiers.Count == 0)
        {
            // The keyword's leading trivia (the indentation, or the line break after the attributes) moves to 'partial'.
            SyntaxToken keyword = declaration.Keyword;
            SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }

    /// <summary>The declaration without its 'static' modifier; unchanged when it has none.</summary>
    public static TypeDeclarationSyntax RemoveStatic(TypeDeclarationSyntax declaration)
    {
        SyntaxTokenList modifiers = declaration.Modifiers;
        int index = modifiers.IndexOf(SyntaxKind.StaticKeyword);
        if (index < 0)
        {
            return declaration;
        }

        SyntaxToken removed = modifiers[index];
        if (index > 0)
        {
            // The modifier before keeps its own trailing space; comments after 'static' stay with it.
            SyntaxToken previous = modifiers[index - 1];
            modifiers = modifiers.Replace(previous, previous.WithTrailingTrivia(previous.TrailingTrivia.AddRange(removed.TrailingTrivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))));
            return declaration.WithModifiers(modifiers.RemoveAt(index));
        }

        // 'static' came first: what led it (indentation, line break, comments) now leads the next token.
        SyntaxTriviaList leading = removed.LeadingTrivia.AddRange(removed.TrailingTrivia.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)));
        modifiers = modifiers.RemoveAt(0);
        if (modifiers.Count > 0)
        {
            return declaration.WithModifiers(modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(leading)));
        }

        return declaration.WithModifiers(modifiers).WithKeyword(declaration.Keyword.WithLeadingTrivia(leading));
    }
}
