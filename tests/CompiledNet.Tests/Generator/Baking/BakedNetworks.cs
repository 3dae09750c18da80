using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>Builds networks that bake in weight files, as a user's project would, and loads them to run.</summary>
internal static class BakedNetworks
{
    /// <summary>The declaration of the persistence tests' PersistFloatNet (3 → 5 tanh → 2 sigmoid) under another name.</summary>
    public static string FloatNet(string weights, string name = "BakedNet", string network = "") => $$"""
        using CompiledNet;
        namespace Baking;
        [Network({{network}}Weights = {{weights}})]
        [Input(3)]
        [Dense(5, Activation.Tanh)]
        [Dense(2, Activation.Sigmoid)]
        public partial class {{name}};
        """;

    /// <summary>
    /// A compact network (2 → 4 tanh → 1 sigmoid, straight-line code), which also gets ForwardFrozen; without
    /// <paramref name="weights"/> it bakes in nothing, for making its weight files.
    /// </summary>
    public static string CompactNet(string? weights, string name = "BakedNet") => $$"""
        using CompiledNet;
        namespace Baking;
        {{(weights is null ? string.Empty : $"[Network(Weights = {weights})]")}}
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(1, Activation.Sigmoid)]
        public partial class {{name}};
        """;

    /// <summary>Runs the generator and analyzer over <paramref name="source"/> in <paramref name="project"/>.</summary>
    public static GeneratorOutput Generate(string source, ProjectFiles project) =>
        GeneratorHarness.Run(GeneratorHarness.Compile(source), project);

    /// <summary>Generates, checks the build is clean, emits and loads the assembly, and creates <paramref name="typeName"/>.</summary>
    public static INetwork<T> Create<T>(string source, ProjectFiles project, string typeName = "Baking.BakedNet")
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        GeneratorOutput output = Generate(source, project);
        Assert.Empty(output.Exceptions);
        Assert.Empty(output.CompilationProblems.Select(d => d.ToString()));
        return (INetwork<T>)Activator.CreateInstance(Load(output.Compilation).GetType(typeName, throwOnError: true)!)!;
    }

    /// <summary>
    /// Emits a release build, as an application ships: a debug build turns the JIT's optimisations off, and with them
    /// the expansion that reads literal data in place instead of through an allocating helper.
    /// </summary>
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        EmitResult emitted = compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release)).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    /// <summary>Reads a static ReadOnlySpan property (BakedParameters) through a delegate, since reflection cannot box a span.</summary>
    public static T[] ReadSpanProperty<T>(Type type, string property)
    {
        MethodInfo getter = type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetMethod!;
        var read = getter.CreateDelegate<SpanGetter<T>>();
        return read().ToArray();
    }

    public delegate ReadOnlySpan<T> SpanGetter<T>();
}
