using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// samples/NativeLibrary/xor.h is written by hand; this checks it against the entry points the generator writes for
/// the sample's own XorNet.cs: the same names, return types and parameter types (const aside), nothing missing or extra.
/// </summary>
public sealed class NativeHeaderTests
{
    private static readonly Regex Declaration = new(@"^\s*(\w+)\s+(\w+)\s*\(([^)]*)\)\s*;", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    [Fact]
    public void Hand_written_header_declares_exactly_the_generated_entry_points()
    {
        string header = File.ReadAllText(RepositoryPaths.InRoot("samples", "NativeLibrary", "xor.h"));
        Dictionary<string, string> declared = Declaration.Matches(header)
            .ToDictionary(m => m.Groups[2].Value, m => Signature(m.Groups[1].Value, ParameterTypes(m.Groups[3].Value)));

        Dictionary<string, string> exported = GeneratedEntryPoints(File.ReadAllText(RepositoryPaths.InRoot("samples", "NativeLibrary", "XorNet.cs")));

        Assert.Equal(8, exported.Count);
        Assert.Equal(exported.OrderBy(p => p.Key, System.StringComparer.Ordinal), declared.OrderBy(p => p.Key, System.StringComparer.Ordinal));
    }

    /// <summary>EntryPoint name to "int(float*, int, ...)", read from the generated syntax and its symbols.</summary>
    private static Dictionary<string, string> GeneratedEntryPoints(string source)
    {
        GeneratorOutput output = GeneratorHarness.Run(source);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        var entryPoints = new Dictionary<string, string>();
        foreach (SyntaxTree tree in output.Compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal)))
        {
            SemanticModel model = output.Compilation.GetSemanticModel(tree);
            foreach (MethodDeclarationSyntax method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var symbol = (IMethodSymbol)model.GetDeclaredSymbol(method)!;
                AttributeData? attribute = symbol.GetAttributes().SingleOrDefault(a => a.AttributeClass?.Name == "UnmanagedCallersOnlyAttribute");
                if (attribute is null)
                {
                    continue;
                }

                string name = (string)attribute.NamedArguments.Single(a => a.Key == "EntryPoint").Value.Value!;
                entryPoints.Add(name, Signature(symbol.ReturnType.ToDisplayString(), symbol.Parameters.Select(p => p.Type.ToDisplayString())));
            }
        }

        return entryPoints;
    }

    /// <summary>"const float* input, int input_length" to float*, int; "void" to nothing.</summary>
    private static IEnumerable<string> ParameterTypes(string parameters) =>
        parameters.Trim() is "void" or ""
            ? Enumerable.Empty<string>()
            : parameters.Split(',').Select(p =>
            {
                string type = Regex.Replace(p, @"\bconst\b", "").Trim();
                // Drop the parameter's name, keep a pointer's star with the type.
                type = Regex.Replace(type, @"\s*\b\w+$", "");
                return Regex.Replace(type, @"\s+", "");
            });

    private static string Signature(string returnType, IEnumerable<string> parameterTypes) =>
        returnType + "(" + string.Join(", ", parameterTypes) + ")";
}
