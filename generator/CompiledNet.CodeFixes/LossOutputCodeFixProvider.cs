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
/// CNET007: the loss needs another output activation. Offers to give the output layer the activation the loss needs,
/// to switch to MeanSquaredError (which fits any output), and, for a Softmax or Sigmoid output, to switch to the
/// cross-entropy made for it.
/// </summary>
/// <remarks>
/// The network's attributes may be spread over several partial declarations, so the fixes find the [Network] and the
/// last [Dense] through the type's symbol and may edit another document than the one with the diagnostic.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LossOutputCodeFixProvider)), Shared]
public sealed class LossOutputCodeFixProvider : CodeFixProvider
{
    internal const string OutputActivationKey = DiagnosticIds.LossDoesNotFitOutput + ".OutputActivation";

    internal const string MeanSquaredErrorKey = DiagnosticIds.LossDoesNotFitOutput + ".MeanSquaredError";

    internal const string FittingLossKey = DiagnosticIds.LossDoesNotFitOutput + ".FittingLoss";

    private const string MeanSquaredError = "MeanSquaredError";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.LossDoesNotFitOutput);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>The output activation a loss needs (the generator's LossTable, by name); null when any output fits.</summary>
    internal static string? RequiredOutput(string? loss) => loss switch
    {
        "CrossEntropy" => "Softmax",
        "BinaryCrossEntropy" => "Sigmoid",
        _ => null,
    };

    /// <summary>The cross-entropy made for an output activation; null when there is none.</summary>
    internal static string? FittingLoss(string? outputActivation) => outputActivation switch
    {
        "Softmax" => "CrossEntropy",
        "Sigmoid" => "BinaryCrossEntropy",
        _ => null,
    };

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || model.Compilation.GetTypeByMetadataName(RuntimeNames.Activation) is not { } activationType
            || model.Compilation.GetTypeByMetadataName(RuntimeNames.Loss) is not { } lossType)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (EnumArguments.AttributeAt(root, diagnostic.Location.SourceSpan)?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type)
            {
                continue;
            }

            ImmutableArray<AttributeData> attributes = type.GetAttributes();
            AttributeData? network = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == RuntimeNames.NetworkAttribute);
            AttributeData? output = attributes.LastOrDefault(a => a.AttributeClass?.ToDisplayString() == RuntimeNames.DenseAttribute);
            if (network?.ApplicationSyntaxReference is not { } networkSyntax || output?.ApplicationSyntaxReference is not { } outputSyntax)
            {
                continue;
            }

            object? lossValue = network.NamedArguments.FirstOrDefault(a => a.Key == RuntimeNames.LossProperty).Value.Value;
            object? activationValue = output.ConstructorArguments.Length > 1 ? output.ConstructorArguments[1].Value : 0;
            string? outputActivation = EnumArguments.NameOf(activationType, activationValue);

            Solution solution = document.Project.Solution;
            if (RequiredOutput(EnumArguments.NameOf(lossType, lossValue)) is { } required && solution.GetDocument(outputSyntax.SyntaxTree) is { } outputDocument)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        LayerActivation.Title(required) + " on the output layer",
                        async c => (await LayerActivation.SetAsync(outputDocument, outputSyntax.Span, required, c).ConfigureAwait(false)).Project.Solution,
                        OutputActivationKey),
                    diagnostic);
            }

            if (solution.GetDocument(networkSyntax.SyntaxTree) is not { } networkDocument)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(LossTitle(MeanSquaredError), c => SetLossAsync(networkDocument, networkSyntax, MeanSquaredError, c), MeanSquaredErrorKey),
                diagnostic);
            if (FittingLoss(outputActivation) is { } fitting)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(LossTitle(fitting), c => SetLossAsync(networkDocument, networkSyntax, fitting, c), FittingLossKey),
                    diagnostic);
            }
        }
    }

    private static string LossTitle(string member) => "Use Loss." + member;

    private static async Task<Solution> SetLossAsync(Document document, SyntaxReference networkSyntax, string member, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || EnumArguments.AttributeAt(root, networkSyntax.Span) is not { } attribute
            || EnumArguments.FindLoss(attribute) is not { } argument
            || model.Compilation.GetTypeByMetadataName(RuntimeNames.Loss) is not { } lossType)
        {
            return document.Project.Solution;
        }

        ExpressionSyntax replacement = EnumArguments.Member(argument.Expression, model, lossType, member);
        return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, replacement)).Project.Solution;
    }
}
