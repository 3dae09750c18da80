using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using CompiledNet.Tests.Generator;

namespace CompiledNet.Tests.Api;

/// <summary>
/// Every public and protected type and member of an assembly as Markdown: one C#-like line each, sorted, grouped by
/// namespace and type, so a change to the public API shows up as a line added or removed in docs/api.md.
/// </summary>
internal static class ApiListing
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private const string Intro = """
        # Public API

        Every public and protected type and member of the CompiledNet runtime and of the CompiledNet.Onnx package,
        one line each. `PublicApiTests` rebuilds this listing from the compiled assemblies and fails when it differs
        from this file, so a change to the public API is always a deliberate one: run the tests with
        `UPDATE_GOLDEN=1` to rewrite the file, and commit it with the change.

        Users need only `using CompiledNet;`. The types in `CompiledNet.Generated` are called by the code the
        generator writes and are hidden from IntelliSense.

        """;

    /// <summary>docs/api.md in the repository: the first folder above the test binaries that holds CompiledNet.sln.</summary>
    public static string GoldenPath => RepositoryPaths.InRoot("docs", "api.md");

    public static string Markdown(params Assembly[] assemblies)
    {
        var signatures = new CSharpSignatures();
        Type[] types = assemblies.SelectMany(assembly => assembly.GetTypes())
            .Where(IsVisible)
            .OrderBy(t => t.Namespace, StringComparer.Ordinal)
            .ThenBy(CSharpSignatures.DeclaredName, StringComparer.Ordinal)
            .ToArray();
        var text = new StringBuilder(Intro.ReplaceLineEndings("\n"));
        foreach (IGrouping<string?, Type> space in types.GroupBy(t => t.Namespace))
        {
            text.Append("\n## ").Append(space.Key).Append("\n\n");
            text.Append(space.Count()).Append(" types.\n\n```csharp\n");
            bool first = true;
            foreach (Type type in space)
            {
                if (!first)
                {
                    text.Append('\n');
                }

                first = false;
                text.Append(TypeLine(type, signatures)).Append('\n');
                foreach (string member in MemberLines(type, signatures))
                {
                    text.Append("    ").Append(member).Append('\n');
                }
            }

            text.Append("```\n");
        }

        return text.ToString();
    }

    private static bool IsVisible(Type type) =>
        !type.Name.Contains('<', StringComparison.Ordinal)
        && (type.IsNested
            ? (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!)
            : type.IsPublic);

    private static string TypeLine(Type type, CSharpSignatures signatures)
    {
        string access = type.IsNestedFamily ? "protected" : type.IsNestedFamORAssem ? "protected internal" : "public";
        string prefix = Hidden(type) + access + " ";
        if (type.IsSubclassOf(typeof(MulticastDelegate)))
        {
            MethodInfo invoke = type.GetMethod("Invoke")!;
            return $"{prefix}delegate {signatures.ReturnType(invoke)} {CSharpSignatures.DeclaredName(type)}{signatures.Parameters(invoke)}"
                + signatures.Constraints(type.GetGenericArguments());
        }

        var bases = new List<string>();
        if (type.IsClass && type.BaseType is { } baseType && baseType != typeof(object))
        {
            bases.Add(signatures.Name(baseType));
        }

        if (!type.IsEnum)
        {
            bases.AddRange(type.GetInterfaces().Select(i => signatures.Name(i)).OrderBy(i => i, StringComparer.Ordinal));
        }

        string baseList = bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty;
        return $"{prefix}{Kind(type)} {CSharpSignatures.DeclaredName(type)}{baseList}{signatures.Constraints(type.GetGenericArguments())}";
    }

    private static string Kind(Type type)
    {
        if (type.IsInterface)
        {
            return "interface";
        }

        if (type.IsEnum)
        {
            return "enum";
        }

        if (type.IsValueType)
        {
            string readOnly = type.CustomAttributes.Any(a => a.AttributeType.Name == "IsReadOnlyAttribute") ? "readonly " : string.Empty;
            string byRef = type.IsByRefLike ? "ref " : string.Empty;
            bool record = type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic) is not null;
            return readOnly + byRef + (record ? "record struct" : "struct");
        }

        string modifier = type.IsAbstract && type.IsSealed ? "static " : type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty;
        return modifier + (type.GetMethod("<Clone>$") is not null ? "record" : "class");
    }

    private static IEnumerable<string> MemberLines(Type type, CSharpSignatures signatures)
    {
        if (type.IsSubclassOf(typeof(MulticastDelegate)))
        {
            return Enumerable.Empty<string>();
        }

        if (type.IsEnum)
        {
            return type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .OrderBy(f => Convert.ToDecimal(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture))
                .ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => $"{Hidden(f)}{f.Name} = {signatures.Constant(Enum.GetUnderlyingType(type), f.GetRawConstantValue())}");
        }

        var members = new List<(int Rank, string Name, string Line)>();
        foreach (FieldInfo field in type.GetFields(Declared).Where(f => IsVisible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly)))
        {
            string modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
            string value = field.IsLiteral ? " = " + signatures.Constant(field.FieldType, field.GetRawConstantValue()) : string.Empty;
            members.Add((0, field.Name, $"{Hidden(field)}{Access(field.IsPublic, field.IsFamily)} {modifiers}{signatures.FieldType(field)} {field.Name}{value}"));
        }

        foreach (ConstructorInfo constructor in type.GetConstructors(Declared).Where(c => !c.IsStatic && IsVisible(c)))
        {
            string name = type.Name.Split('`')[0];
            members.Add((1, name, $"{Hidden(constructor)}{Access(constructor)} {name}{signatures.Parameters(constructor)}"));
        }

        foreach (PropertyInfo property in type.GetProperties(Declared))
        {
            MethodInfo[] accessors = property.GetAccessors(nonPublic: true).Where(IsVisible).ToArray();
            if (accessors.Length > 0)
            {
                members.Add((2, property.Name, PropertyLine(type, property, accessors[0], signatures)));
            }
        }

        foreach (EventInfo e in type.GetEvents(Declared).Where(e => e.AddMethod is { } add && IsVisible(add)))
        {
            members.Add((3, e.Name, $"{Hidden(e)}{Access(e.AddMethod!)} {Modifiers(type, e.AddMethod!)}event {signatures.EventType(e)} {e.Name}"));
        }

        foreach (MethodInfo method in type.GetMethods(Declared).Where(m => IsVisible(m) && !m.Name.Contains('<', StringComparison.Ordinal)))
        {
            bool isOperator = method.IsSpecialName && method.Name.StartsWith("op_", StringComparison.Ordinal);
            if (method.IsSpecialName && !isOperator)
            {
                continue;
            }

            string name = isOperator ? OperatorName(method, signatures) : method.Name;
            string generics = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            string returned = method.Name is "op_Implicit" or "op_Explicit" ? string.Empty : signatures.ReturnType(method) + " ";
            string line = $"{Hidden(method)}{Access(method)} {Modifiers(type, method)}{returned}{name}{generics}{signatures.Parameters(method)}"
                + signatures.Constraints(method.IsGenericMethodDefinition ? method.GetGenericArguments() : Type.EmptyTypes);
            members.Add((isOperator ? 5 : 4, name, line));
        }

        return members
            .OrderBy(m => m.Rank)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ThenBy(m => m.Line, StringComparer.Ordinal)
            .Select(m => m.Line);
    }

    private static string PropertyLine(Type type, PropertyInfo property, MethodInfo shown, CSharpSignatures signatures)
    {
        string access = Access(shown);
        var parts = new List<string>();
        foreach ((MethodInfo? accessor, string keyword) in new[] { (property.GetMethod, "get"), (property.SetMethod, "set") })
        {
            if (accessor is null || !IsVisible(accessor))
            {
                continue;
            }

            bool init = keyword == "set" && accessor.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
            string own = Access(accessor);
            parts.Add((own == access ? string.Empty : own + " ") + (init ? "init" : keyword) + ";");
        }

        ParameterInfo[] index = property.GetIndexParameters();
        string name = index.Length == 0
            ? property.Name
            : "this[" + string.Join(", ", index.Select(p => $"{signatures.Name(p.ParameterType)} {p.Name}")) + "]";
        return $"{Hidden(property)}{access} {Modifiers(type, shown)}{signatures.PropertyType(property)} {name} {{ {string.Join(" ", parts)} }}";
    }

    private static string Modifiers(Type type, MethodInfo method)
    {
        string modifiers = method.IsStatic ? "static " : string.Empty;
        if (type.IsInterface)
        {
            // Instance members of an interface are implicitly abstract; only static ones say so.
            return method.IsStatic && method.IsAbstract ? modifiers + "abstract " : method.IsStatic && method.IsVirtual ? modifiers + "virtual " : modifiers;
        }

        bool overrides = method.IsVirtual && method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        if (overrides)
        {
            return modifiers + (method.IsFinal ? "sealed override " : "override ");
        }

        if (method.IsAbstract)
        {
            return modifiers + "abstract ";
        }

        // An interface implementation is virtual and final in IL without being virtual in C#.
        return method.IsVirtual && !method.IsFinal ? modifiers + "virtual " : modifiers;
    }

    private static string OperatorName(MethodInfo method, CSharpSignatures signatures) => method.Name switch
    {
        "op_Implicit" => "implicit operator " + signatures.ReturnType(method),
        "op_Explicit" => "explicit operator " + signatures.ReturnType(method),
        _ => "operator " + method.Name switch
        {
            "op_Equality" => "==", "op_Inequality" => "!=", "op_Addition" => "+", "op_Subtraction" => "-",
            "op_Multiply" => "*", "op_Division" => "/", "op_LessThan" => "<", "op_GreaterThan" => ">",
            "op_LessThanOrEqual" => "<=", "op_GreaterThanOrEqual" => ">=", "op_UnaryNegation" => "-",
            _ => method.Name,
        },
    };

    private static bool IsVisible(MethodBase method) => IsVisible(method.IsPublic, method.IsFamily, method.IsFamilyOrAssembly);

    private static bool IsVisible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    private static string Access(MethodBase method) => Access(method.IsPublic, method.IsFamily);

    private static string Access(bool isPublic, bool isFamily) => isPublic ? "public" : isFamily ? "protected" : "protected internal";

    // Hidden from IntelliSense is part of the contract: the generated-only types must stay out of users' completion lists.
    private static string Hidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never }
            ? "[EditorBrowsable(EditorBrowsableState.Never)] "
            : string.Empty;
}
