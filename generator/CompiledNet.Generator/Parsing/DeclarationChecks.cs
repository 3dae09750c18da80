using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompiledNet.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompiledNet.Generator.Parsing;

/// <summary>Checks of a network declaration that concern where things are declared rather than what they say.</summary>
internal static class DeclarationChecks
{
    /// <summary>How the generated part spells its [GeneratedCode] attribute; no user declaration is written this way.</summary>
    private const string GeneratedCodeSpelling = "global::System.CodeDom.Compiler.GeneratedCode";

    /// <summary>
    /// CNET015: the layers' order comes from the order of the attributes, and across partial declarations that is the
    /// order in which the compiler reads the files, so every [Dense] must be on one declaration.
    /// </summary>
    public static void CheckLayersInOneDeclaration(IReadOnlyList<AttributeData> denses, string networkName, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        SyntaxNode? first = null;
        foreach (AttributeData dense in denses)
        {
            SyntaxNode? attribute = dense.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            TypeDeclarationSyntax? declaration = attribute?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null)
            {
                continue;
            }

            first ??= declaration;
            if (declaration != first)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LayersSplitOverDeclarations, attribute!.GetLocation(), networkName));
                return;
            }
        }
    }

    /// <summary>CNET016: a user member named like a member the generated part declares.</summary>
    public static void CheckReservedNames(INamedTypeSymbol type, bool bakesWeights, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !GeneratedMembers.IsReserved(member.Name, bakesWeights) || IsGenerated(member, cancellationToken))
            {
                continue;
            }

            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), member.Name, type.Name));
        }
    }

    /// <summary>CNET018: the [NativeExport] prefix must be a C identifier, since every entry point's name starts with it.</summary>
    public static string? ReadNativePrefix(AttributeData? nativeExport, string networkName, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (nativeExport is null)
        {
            return null;
        }

        string? prefix = nativeExport.ConstructorArguments[0].Value as string;
        if (!IsCIdentifier(prefix))
        {
            string shown = prefix is null ? "null" : "\"" + prefix + "\"";
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidNativePrefix, NetworkParser.LocationOf(nativeExport, cancellationToken), networkName, shown));
            return null;
        }

        return prefix;
    }

    /// <summary>ASCII letters, digits and underscores, not starting with a digit.</summary>
    internal static bool IsCIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || name![0] is >= '0' and <= '9')
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="member"/> is one the generator wrote: the analyzer sees the compilation with the
    /// generated part in it, and must not report the network's own members.
    /// </summary>
    // The network's own part carries [GeneratedCode]; the baked-weights part cannot repeat it (it allows one), so it is
    // known by the folder the compiler files this generator's output under.
    private static bool IsGenerated(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences.Any(reference =>
            reference.SyntaxTree.FilePath.Replace('\\', '/').Contains(GeneratedFolder)
            || reference.GetSyntax(cancellationToken).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Any(declaration =>
                declaration.AttributeLists.Any(list => list.Attributes.Any(a => a.Name.ToString() == GeneratedCodeSpelling))));

    private static readonly string GeneratedFolder = "/" + typeof(NetworkGenerator).FullName + "/";
}
