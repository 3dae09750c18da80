using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.CodeFixes;

/// <summary>Reads and rewrites the enum arguments of the CompiledNet attributes: [Dense]'s activation and [Network]'s Loss.</summary>
internal static class EnumArguments
{
    /// <summary>The attribute a diagnostic at <paramref name="span"/> points at, if it does.</summary>
    public static AttributeSyntax? AttributeAt(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>The argument that gives [Dense]'s activation, by name or by position; null when it is left to its default.</summary>
    public static AttributeArgumentSyntax? FindActivation(AttributeSyntax dense)
    {
        if (dense.ArgumentList is not { } list)
        {
            return null;
        }

        List<AttributeArgumentSyntax> constructorArguments = list.Arguments.Where(a => a.NameEquals is null).ToList();
        AttributeArgumentSyntax? named = constructorArguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == RuntimeNames.ActivationParameter);
        if (named is not null)
        {
            return named;
        }

        return constructorArguments.Count > 1 && constructorArguments[1].NameColon is null ? constructorArguments[1] : null;
    }

    /// <summary>The argument that sets [Network]'s Loss; null when it is left to its default.</summary>
    public static AttributeArgumentSyntax? FindLoss(AttributeSyntax network) =>
        network.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == RuntimeNames.LossProperty);

    /// <summary>
    /// [Dense] with its activation set to <paramref name="member"/> of <paramref name="activationType"/>: the argument
    /// rewritten when there is one, else added after the size.
    /// </summary>
    public static AttributeSyntax WithActivation(AttributeSyntax dense, SemanticModel model, INamedTypeSymbol activationType, string member)
    {
        if (FindActivation(dense) is { } existing)
        {
            return dense.ReplaceNode(existing.Expression, Member(existing.Expression, model, activationType, member));
        }

        AttributeArgumentListSyntax list = dense.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
        int position = arguments.TakeWhile(a => a.NameEquals is null).Count();
        AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(Qualified(activationType, member));
        if (arguments.Take(position).Any(a => a.NameColon is not null))
        {
            // After a named argument a positional one would have to be in its place; naming this one is always right.
            added = added.WithNameColon(SyntaxFactory.NameColon(RuntimeNames.ActivationParameter).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return dense.WithArgumentList(list.WithArguments(Insert(arguments, position, added)));
    }

    /// <summary>
    /// <paramref name="member"/> of <paramref name="enumType"/>, written the way <paramref name="old"/> names a member
    /// of that enum (Activation.Softmax becomes Activation.ReLU, CompiledNet.Activation.Softmax becomes
    /// CompiledNet.Activation.ReLU); anything else (a cast, a constant) is replaced by the enum's simplest name.
    /// </summary>
    public static ExpressionSyntax Member(ExpressionSyntax old, SemanticModel model, INamedTypeSymbol enumType, string member)
    {
        bool namesEnumMember = model.GetSymbolInfo(old).Symbol is IFieldSymbol { HasConstantValue: true } field
            && SymbolEqualityComparer.Default.Equals(field.ContainingType, enumType);
        ExpressionSyntax replacement = (namesEnumMember, old) switch
        {
            (true, MemberAccessExpressionSyntax access) => access.WithName(SyntaxFactory.IdentifierName(member).WithTriviaFrom(access.Name)),
            (true, IdentifierNameSyntax) => SyntaxFactory.IdentifierName(member),
            _ => Qualified(enumType, member),
        };
        return replacement.WithTriviaFrom(old);
    }

    /// <summary>The name of the member of <paramref name="enumType"/> whose value is <paramref name="value"/>, if any.</summary>
    public static string? NameOf(INamedTypeSymbol enumType, object? value) =>
        enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name;

    /// <summary><c>global::Namespace.Enum.Member</c>, marked to be simplified to the shortest name in scope when the fix is applied.</summary>
    private static ExpressionSyntax Qualified(INamedTypeSymbol enumType, string member)
    {
        // Parsed as an expression, so the qualification is member accesses as the user would have typed it, not type names.
        string qualified = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member;
        return SyntaxFactory.ParseExpression(qualified).WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>The list with <paramref name="added"/> at <paramref name="position"/>, each comma followed by one space.</summary>
    private static SeparatedSyntaxList<AttributeArgumentSyntax> Insert(SeparatedSyntaxList<AttributeArgumentSyntax> arguments, int position, AttributeArgumentSyntax added)
    {
        List<AttributeArgumentSyntax> nodes = arguments.ToList();
        nodes.Insert(position, added);
        var separators = new List<SyntaxToken>();
        for (int i = 0; i < nodes.Count - 1; i++)
        {
            // Before the new argument the old commas stay where they were, after it they move up by one.
            int old = i < position ? i : i - 1;
            separators.Add(i != position && old < arguments.SeparatorCount
                ? arguments.GetSeparator(old)
                : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return SyntaxFactory.SeparatedList(nodes, separators);
    }
}
