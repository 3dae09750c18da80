using System;
using System.Collections.Generic;
using CompiledNet.Generator.Model;

namespace CompiledNet.Generator.Emitting;

/// <summary>The namespace and containing types a generated part of a network repeats around its partial class.</summary>
internal static class TypeScopes
{
    /// <summary>Opens the namespace and each containing type; disposing the result closes them.</summary>
    public static IDisposable Open(IndentedWriter w, NetworkSpec network)
    {
        var scopes = new Stack<IDisposable>();
        if (network.Namespace is not null)
        {
            scopes.Push(w.Block("namespace " + Identifiers.EscapeNamespace(network.Namespace)));
        }

        foreach (ContainingTypeSpec outer in network.ContainingTypes)
        {
            scopes.Push(w.Block($"partial {outer.Keyword} {Identifiers.Escape(outer.Name)}"));
        }

        return new Closer(scopes);
    }

    private sealed class Closer : IDisposable
    {
        private readonly Stack<IDisposable> _scopes;

        public Closer(Stack<IDisposable> scopes) => _scopes = scopes;

        public void Dispose()
        {
            while (_scopes.Count > 0)
            {
                _scopes.Pop().Dispose();
            }
        }
    }
}
