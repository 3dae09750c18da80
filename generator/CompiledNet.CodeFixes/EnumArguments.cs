using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.CodeFixes;

/// <summary>Reads and rewrites the enum arguments of the CompiledNet attributes: a layer's activation and [Network]'s Loss.</summary>
internal static class EnumArguments
{
    /// <summary>The attribute a diagnostic at <paramref name="span"/> points at, if it does.</summary>
    public static AttributeSyntax? AttributeAt(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>
    /// The argument that gives a [Dense] or [Conv2D] layer's activation, by name or by position; null when it is left
    /// to its default.
    /// </summary>
    public static AttributeArgumentSyntax? FindActivation(AttributeSyntax layer, SemanticModel model)
    {
        if (layer.ArgumentList is not { } list)
        {
            return null;
        }

        List<AttributeArgumentSyntax> constructorArguments = list.Arguments.Where(a => a.NameEquals is null).ToList();
        AttributeArgumentSyntax? named = constructorArguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == RuntimeNames.ActivationParameter);
        if (named is not null)
        {
            return named;
        }

        // Its place comes from the constructor the compiler chose: [Dense] takes it second, [Conv2D] third or fourth,
        // so [Conv2D(8, 3, 5)] is a 3×5 kernel without one, not a kernel of 3 with activation 5.
        int position = model.GetSymbolInfo(layer).Symbol is IMethodSymbol constructor ? ActivationPosition(constructor) : -1;
        return position >= 0 && position < constructorArguments.Count && constructorArguments[position].NameColon is null
            ? constructorArguments[position]
            : null;
    }

    private static int ActivationPosition(IMethodSymbol constructor)
    {
        for (int i = 0; i < constructor.Parameters.Length; i++)
        {
            if (constructor.Parameters[i].Name == RuntimeNames.ActivationParameter)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The argument that sets [Network]'s Loss; null when it is left to its default.</summary>
    public static AttributeArgumentSyntax? FindLoss(AttributeSyntax network) =>
        network.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == RuntimeNames.LossProperty);

    /// <summary>
    /// The [Dense] or [Conv2D] <paramref name="layer"/> with its activation set to <paramref name="member"/> of
    /// <paramref name="activationType"/>: the argument rewritten when there is one, else added after the last
    /// positional argument (the activation is every layer constructor's last parameter).
    /// </summary>
    public static AttributeSyntax WithActivation(AttributeSyntax layer, SemanticModel model, INamedTypeSymbol activationType, string member)
    {
        if (FindActivation(layer, model) is { } existing)
        {
            return layer.ReplaceNode(existing.Expression, Member(existing.Expression, model, activationType, member));
        }

        AttributeArgumentListSyntax list = layer.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
        int position = arguments.TakeWhile(a => a.NameEquals is null).Count();
        AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(Qualified(activationType, member));
        if (arguments.Take(position).Any(a => a.NameColon is not null))
        {
            // After a named argument a positional one would have to be in its place; naming this one is always right.
            added = added.WithNameColon(SyntaxFactory.NameColon(RuntimeNames.ActivationParameter).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return layer.WithArgumentList(list.WithArguments(Insert(arguments, position, added)));
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
