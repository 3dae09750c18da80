using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Walks the objects an incremental pipeline caches. Holding a symbol, syntax node, location or compilation there
/// keeps whole compilations alive and breaks caching, since those compare by reference.
/// </summary>
internal static class ModelGraph
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SyntaxToken), typeof(SyntaxTrivia),
        typeof(SyntaxReference), typeof(Location), typeof(Compilation), typeof(SemanticModel),
        typeof(AttributeData), typeof(TypedConstant),
    };

    private static readonly Assembly GeneratorAssembly = typeof(CompiledNet.Generator.NetworkGenerator).Assembly;

    /// <summary>Fails if any object reachable from <paramref name="root"/> through fields or enumeration is forbidden.</summary>
    public static void AssertHoldsNoCompilerObjects(object root) =>
        Walk(root, root.GetType().Name, new HashSet<object>(ReferenceEqualityComparer.Instance));

    /// <summary>Fails if a field declared anywhere in the generator's model types has a forbidden (or untyped) type.</summary>
    public static void AssertNoCompilerFieldTypes(Type modelType) => WalkType(modelType, modelType.Name, new HashSet<Type>());

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null)
        {
            return;
        }

        Type type = value.GetType();
        if (IsForbidden(type))
        {
            throw new XunitException($"The pipeline model holds a {type.FullName} at {path}.");
        }

        // Leaves, and runtime plumbing (delegates, reflection objects) that cannot lead back to compiler objects.
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || value is string or Delegate or MemberInfo or Assembly)
        {
            return;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{index++}]", visited);
            }
        }

        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", visited);
            }
        }
    }

    private static void WalkType(Type type, string path, HashSet<Type> visited)
    {
        if (IsForbidden(type) || type == typeof(object))
        {
            throw new XunitException($"The pipeline model declares a field of type {type.FullName} at {path}.");
        }

        if (!visited.Add(type))
        {
            return;
        }

        if (type.IsArray)
        {
            WalkType(type.GetElementType()!, path + "[]", visited);
            return;
        }

        foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
        {
            WalkType(argument, $"{path}<{argument.Name}>", visited);
        }

        // Only the generator's own types are opened up; Roslyn and BCL types are judged by their type alone.
        if (type.Assembly != GeneratorAssembly)
        {
            return;
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            WalkType(field.FieldType, $"{path}.{field.Name}", visited);
        }
    }

    private static bool IsForbidden(Type type) => Array.Exists(Forbidden, f => f.IsAssignableFrom(type));
}
