using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace CompiledNet.Tests.Api;

/// <summary>
/// C#-like text for types, parameters and constraints read through reflection, with nullable annotations, so the
/// listing reads as the declarations a user sees. Types are named without their namespace.
/// </summary>
internal sealed class CSharpSignatures
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(char)] = "char", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short",
        [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
        [typeof(ulong)] = "ulong", [typeof(nint)] = "nint", [typeof(nuint)] = "nuint", [typeof(float)] = "float",
        [typeof(double)] = "double", [typeof(decimal)] = "decimal",
    };

    // Not thread-safe, and caches per member: one per listing.
    private readonly NullabilityInfoContext _nullability = new();

    /// <summary>A type's declared name with its generic parameters, e.g. "Adam&lt;T&gt;" or "Outer.Inner".</summary>
    public static string DeclaredName(Type type)
    {
        string name = StripArity(type.Name);
        Type[] own = OwnGenericArguments(type);
        if (own.Length > 0)
        {
            name += "<" + string.Join(", ", own.Select(Variance)) + ">";
        }

        return type.IsNested ? DeclaredName(type.DeclaringType!) + "." + name : name;
    }

    public string Name(Type type, NullabilityInfo? nullability = null, IList<string?>? tupleNames = null)
    {
        int tupleIndex = 0;
        return Format(type, nullability, tupleNames, ref tupleIndex);
    }

    public string ReturnType(MethodInfo method)
    {
        ParameterInfo returned = method.ReturnParameter;
        string prefix = !method.ReturnType.IsByRef ? string.Empty : Has(returned, "IsReadOnlyAttribute") ? "ref readonly " : "ref ";
        Type type = method.ReturnType.IsByRef ? method.ReturnType.GetElementType()! : method.ReturnType;
        return prefix + Name(type, type == typeof(void) ? null : _nullability.Create(returned), TupleNames(returned));
    }

    public string PropertyType(PropertyInfo property) =>
        Name(property.PropertyType, _nullability.Create(property), TupleNames(property));

    public string FieldType(FieldInfo field) => Name(field.FieldType, _nullability.Create(field), TupleNames(field));

    public string EventType(EventInfo e) => Name(e.EventHandlerType!, _nullability.Create(e));

    /// <summary>"(int size, Activation activation = Activation.Linear)", with this, params, ref, out, in and defaults.</summary>
    public string Parameters(MethodBase method)
    {
        bool extension = method.IsDefined(typeof(ExtensionAttribute), inherit: false);
        return "(" + string.Join(", ", method.GetParameters().Select((p, i) => Parameter(p, extension && i == 0))) + ")";
    }

    /// <summary>" where T : unmanaged, IFloatingPointIeee754&lt;T&gt;" for each constrained parameter, or "".</summary>
    public string Constraints(IEnumerable<Type> genericParameters)
    {
        var clauses = new List<string>();
        foreach (Type parameter in genericParameters)
        {
            var constraints = new List<string>();
            GenericParameterAttributes attributes = parameter.GenericParameterAttributes;
            bool valueType = attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint);
            if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            if (valueType)
            {
                constraints.Add(Has(parameter, "IsUnmanagedAttribute") ? "unmanaged" : "struct");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType))
                .Select(c => Name(c))
                .OrderBy(c => c, StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !valueType)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add($" where {parameter.Name} : {string.Join(", ", constraints)}");
            }
        }

        return string.Concat(clauses);
    }

    /// <summary>A constant as C# would write it: 0.001, 1E-08, 0.01f, true, null, "text", Activation.Linear.</summary>
    public string Constant(Type type, object? value)
    {
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null";
        }

        if (underlying.IsEnum)
        {
            object member = Enum.ToObject(underlying, value);
            return Enum.IsDefined(underlying, member)
                ? $"{Name(underlying)}.{member}"
                : $"({Name(underlying)}){Convert.ToString(value, CultureInfo.InvariantCulture)}";
        }

        return value switch
        {
            bool b => b ? "true" : "false",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            char c => "'" + c + "'",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };
    }

    private string Parameter(ParameterInfo parameter, bool isThis)
    {
        string modifiers = isThis ? "this " : string.Empty;
        if (Has(parameter, "ScopedRefAttribute"))
        {
            modifiers += "scoped ";
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute), inherit: false) || Has(parameter, "ParamCollectionAttribute"))
        {
            modifiers += "params ";
        }

        Type type = parameter.ParameterType;
        if (type.IsByRef)
        {
            modifiers += parameter.IsOut ? "out "
                : Has(parameter, "RequiresLocationAttribute") ? "ref readonly "
                : Has(parameter, "IsReadOnlyAttribute") ? "in "
                : "ref ";
            type = type.GetElementType()!;
        }

        string text = $"{modifiers}{Name(type, _nullability.Create(parameter), TupleNames(parameter))} {parameter.Name}";
        return parameter.HasDefaultValue ? $"{text} = {Constant(type, parameter.RawDefaultValue)}" : text;
    }

    private string Format(Type type, NullabilityInfo? nullability, IList<string?>? tupleNames, ref int tupleIndex)
    {
        if (type.IsByRef || type.IsPointer)
        {
            return Format(type.GetElementType()!, nullability?.ElementType ?? nullability, tupleNames, ref tupleIndex) + (type.IsPointer ? "*" : string.Empty);
        }

        string nullableMark = nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : string.Empty;
        if (type.IsArray)
        {
            string rank = type.GetArrayRank() == 1 ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]";
            return Format(type.GetElementType()!, nullability?.ElementType, tupleNames, ref tupleIndex) + rank + nullableMark;
        }

        if (type.IsGenericParameter)
        {
            // Reflection calls an unconstrained T nullable whatever its annotation, and the runtime declares no T?.
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying, null, tupleNames, ref tupleIndex) + "?";
        }

        if (Keywords.TryGetValue(type, out string? keyword))
        {
            return keyword + nullableMark;
        }

        Type[] arguments = type.GetGenericArguments();
        NullabilityInfo[] argumentNullability = nullability?.GenericTypeArguments ?? Array.Empty<NullabilityInfo>();
        if (type.IsGenericType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal))
        {
            // Element names come in pre-order: a tuple's own names, then those of tuples inside it.
            int first = tupleIndex;
            tupleIndex += arguments.Length;
            var elements = new string[arguments.Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                string? elementName = tupleNames is not null && first + i < tupleNames.Count ? tupleNames[first + i] : null;
                string element = Format(arguments[i], At(argumentNullability, i), tupleNames, ref tupleIndex);
                elements[i] = elementName is null ? element : $"{element} {elementName}";
            }

            return "(" + string.Join(", ", elements) + ")";
        }

        string name = StripArity(type.Name);
        int inherited = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
        if (arguments.Length > inherited)
        {
            var formatted = new List<string>();
            for (int i = inherited; i < arguments.Length; i++)
            {
                formatted.Add(Format(arguments[i], At(argumentNullability, i), tupleNames, ref tupleIndex));
            }

            name += "<" + string.Join(", ", formatted) + ">";
        }

        if (type.IsNested)
        {
            Type outer = type.DeclaringType!;
            if (outer.IsGenericTypeDefinition && inherited > 0)
            {
                outer = outer.MakeGenericType(arguments[..inherited]);
            }

            name = Format(outer, null, null, ref tupleIndex) + "." + name;
        }

        return name + nullableMark;
    }

    private static NullabilityInfo? At(NullabilityInfo[] infos, int index) => index < infos.Length ? infos[index] : null;

    private static IList<string?>? TupleNames(ICustomAttributeProvider provider) =>
        provider.GetCustomAttributes(typeof(TupleElementNamesAttribute), inherit: false) is [TupleElementNamesAttribute names, ..]
            ? names.TransformNames
            : null;

    private static Type[] OwnGenericArguments(Type type)
    {
        Type[] all = type.GetGenericArguments();
        int inherited = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
        return all[inherited..];
    }

    private static string Variance(Type parameter) =>
        parameter.GenericParameterAttributes.HasFlag(GenericParameterAttributes.Covariant) ? "out " + parameter.Name
        : parameter.GenericParameterAttributes.HasFlag(GenericParameterAttributes.Contravariant) ? "in " + parameter.Name
        : parameter.Name;

    private static string StripArity(string name) => name.Split('`')[0];

    // By name: several of these attributes are compiler-emitted into the assembly rather than referenced from the BCL.
    private static bool Has(ICustomAttributeProvider provider, string attributeName) =>
        provider switch
        {
            MemberInfo member => member.CustomAttributes.Any(a => a.AttributeType.Name == attributeName),
            ParameterInfo parameter => parameter.CustomAttributes.Any(a => a.AttributeType.Name == attributeName),
            _ => false,
        };
}
