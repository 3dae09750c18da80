using System;
using System.IO;
using System.Linq;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using CompiledNet.Generator.Weights;
using CompiledNet.Tests.Persistence;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The generator reads weight files with a reader of its own (it cannot reference the runtime). These tests hold the
/// two together: the same architecture description from a declaration, and the same verdict on damaged files.
/// </summary>
public sealed class WeightFileAgreementTests
{
    private const int Corruptions = 600;

    [Theory]
    [MemberData(nameof(SampleNetworks.Golden), MemberType = typeof(SampleNetworks))]
    public void The_generator_describes_each_sample_as_the_runtime_does(string network)
    {
        SampleNetwork sample = SampleNetworks.ByName[network];
        GeneratorOutput output = GeneratorHarness.Run(sample.Source);
        Type type = BakedNetworks.Load(output.Compilation).GetTypes().Single(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INetwork<>)));
        var runtime = (NetworkArchitecture)type.GetProperty("Architecture")!.GetValue(Activator.CreateInstance(type))!;

        NetworkSpec spec = SpecOf(output.Compilation, type.FullName!.Replace('+', '.'));
        Assert.Equal(runtime.Description, ArchitectureDescription.Of(spec));
        Assert.Equal(runtime.Fingerprint, ArchitectureDescription.Fingerprint(runtime.Description));
    }

    [Fact]
    public void The_generator_bakes_in_exactly_the_damaged_files_the_runtime_loads()
    {
        string source = BakedNetworks.FloatNet("\"net.cnet\"");
        NetworkSpec spec = SpecOf(GeneratorHarness.Compile(source), "Baking.BakedNet");
        var scaler = new FeatureScaler<float>(ScalingKind.MinMax, new[] { 1f, 2f, 3f }, new[] { 0.5f, 0.25f, 2f });
        byte[] file = BakedWeightsTests.SaveToBytes(new PersistFloatNet(1), scaler);
        string path = Path.Combine(Path.GetTempPath(), "cnet-agreement-" + Guid.NewGuid().ToString("N") + ".cnet");
        var random = new Random(77);
        int loaded = 0;
        try
        {
            for (int i = 0; i < Corruptions; i++)
            {
                byte[] damaged = file.ToArray();
                int position = random.Next(damaged.Length - 4);
                damaged[position] ^= (byte)(1 + random.Next(255));

                // Resealing the checksum on most of them lets the damage reach the checks behind it.
                if (i % 4 != 0)
                {
                    ReferenceCrc32.Reseal(damaged);
                }

                File.WriteAllBytes(path, damaged);
                bool runtimeLoads = RuntimeLoads(path);
                WeightsResolution resolution = WeightsResolver.Resolve(spec, Path.GetFileName(path), new[] { new WeightFileSource(path, damaged.ToEquatableArray(), null) }, projectDirectory: null);
                string verdict = resolution.ToDiagnostic(Location.None)?.GetMessage() ?? "baked";
                loaded += runtimeLoads ? 1 : 0;

                // Literal data cannot spell a NaN's payload, so the one file the runtime loads that the build refuses is
                // one with a non-finite parameter.
                if (runtimeLoads && resolution.Baked is null)
                {
                    Assert.Contains("only finite parameters can be compiled in", verdict, StringComparison.Ordinal);
                    continue;
                }

                Assert.True(runtimeLoads == (resolution.Baked is not null), $"corruption {i} (byte {position}): the runtime {(runtimeLoads ? "loads it" : "refuses it")}, the generator says: {verdict}");
            }
        }
        finally
        {
            File.Delete(path);
        }

        // Some damage (a changed parameter value, say) leaves a valid file: both sides must then accept it.
        Assert.InRange(loaded, Corruptions / 10, Corruptions - 1);
    }

    [Fact]
    public void Random_bytes_never_make_the_generator_reader_throw()
    {
        var random = new Random(78);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 8)
            {
                "CNETWGHT"u8.CopyTo(bytes);
            }

            (DecodedWeightFile? decoded, string? problem) = WeightFileDecoder.Decode(bytes);
            Assert.True(decoded is null != (problem is null), $"case {i}: exactly one of the contents and the problem");
        }
    }

    private static bool RuntimeLoads(string path)
    {
        try
        {
            WeightFile.Load(path, new PersistFloatNet(2));
            return true;
        }
        catch (WeightFileException)
        {
            return false;
        }
    }

    internal static NetworkSpec SpecOf(Compilation compilation, string typeName)
    {
        INamedTypeSymbol type = compilation.GetTypeByMetadataName(typeName) ?? compilation.GetSymbolsWithName(typeName.Split('.').Last()).OfType<INamedTypeSymbol>().First();
        TypeDeclarationSyntax declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().First(d => d.AttributeLists.Count > 0);
        return NetworkParser.Parse(type, declaration, compilation, default).Network!;
    }
}
