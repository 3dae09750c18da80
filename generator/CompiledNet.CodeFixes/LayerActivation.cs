using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.CodeFixes;

/// <summary>Sets the activation of one [Dense] or [Conv2D] layer: the edit behind the CNET006, CNET007 and CNET009 fixes.</summary>
internal static class LayerActivation
{
    /// <summary>The title of a fix that sets a layer's activation, such as "Use Activation.ReLU".</summary>
    public static string Title(string member) => "Use Activation." + member;

    /// <summary>The document with the layer attribute at <paramref name="span"/> using Activation.<paramref name="member"/>.</summary>
    public static async Task<Document> SetAsync(Document document, TextSpan span, string member, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || EnumArguments.AttributeAt(root, span) is not { } layer
            || model.Compilation.GetTypeByMetadataName(RuntimeNames.Activation) is not { } activationType)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(layer, EnumArguments.WithActivation(layer, model, activationType, member)));
    }
}
