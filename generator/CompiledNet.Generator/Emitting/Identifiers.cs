using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace CompiledNet.Generator.Emitting;

/// <summary>Spells user-chosen names so they parse as identifiers: a reserved keyword such as <c>event</c> becomes <c>@event</c>.</summary>
internal static class Identifiers
{
    public static string Escape(string name) =>
        SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;

    public static string EscapeNamespace(string dottedName) =>
        string.Join(".", dottedName.Split('.').Select(Escape));
}
