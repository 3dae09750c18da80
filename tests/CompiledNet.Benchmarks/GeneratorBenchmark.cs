using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Basic.Reference.Assemblies;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CompiledNet.Benchmarks;

/// <summary>
/// The generator mode (<c>--generator</c>): generation time and generated-code size for four networks, measured by
/// running the generator in-process with <see cref="CSharpGeneratorDriver"/> (as tests/CompiledNet.Tests does), and
/// the build time of a project declaring ten networks (cold, then a no-op incremental build, then after one edit).
/// </summary>
public static class GeneratorBenchmark
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly (string Shape, string Source)[] Networks =
    [
        ("2-4-1 sigmoid/sigmoid MSE", Declaration("Net241", "MeanSquaredError", 2, (4, "Sigmoid"), (1, "Sigmoid"))),
        ("64-32-10 tanh/sigmoid MSE", Declaration("Net643210", "MeanSquaredError", 64, (32, "Tanh"), (10, "Sigmoid"))),
        ("784-128-10 ReLU/softmax CE", Declaration("Net78412810", "CrossEntropy", 784, (128, "ReLU"), (10, "Softmax"))),
        ("784-512-512-10 ReLU/ReLU/softmax CE", Declaration("Net78451251210", "CrossEntropy", 784, (512, "ReLU"), (512, "ReLU"), (10, "Softmax"))),
    ];

    public static int Run(TextWriter log, bool quick)
    {
        int runs = quick ? 5 : 15;
        log.WriteLine($"Generator: CSharpGeneratorDriver in-process (Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}), a fresh driver per run; median of {runs} runs after 2 warm-up runs.");
        log.WriteLine("'first' is the very first run of that network in this process (the first network's includes JIT-compiling the generator).");
        log.WriteLine("'compile' is the median of 3 full compilations (parse, bind, emit to memory) of the declaration plus the generated code.");
        log.WriteLine();
        log.WriteLine($"| {"Network",-38} | {"first ms",9} | {"median ms",9} | {"min ms",8} | {"bytes",10} | {"lines",7} | {"compile ms",10} |");
        log.WriteLine($"|{new string('-', 40)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 12)}|{new string('-', 9)}|{new string('-', 12)}|");
        bool ok = true;
        foreach ((string shape, string source) in Networks)
        {
            ok &= MeasureGeneration(log, shape, source, runs);
        }

        log.WriteLine();
        ok &= BuildTime(log);
        return ok ? 0 : 1;
    }

    private static bool MeasureGeneration(TextWriter log, string shape, string source, int runs)
    {
        CSharpCompilation compilation = Compile([CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs")]);
        var times = new List<double>();
        double first = 0;
        GeneratorDriverRunResult? result = null;
        for (int i = 0; i < runs + 2; i++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(compilation);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            result = driver.GetRunResult();
            if (i == 0)
            {
                first = ms;
            }

            if (i >= 2)
            {
                times.Add(ms);
            }
        }

        GeneratedSourceResult[] sources = result!.Results.SelectMany(r => r.GeneratedSources).ToArray();
        Exception? exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (exception is not null || sources.Length == 0)
        {
            log.WriteLine($"| {shape,-38} | generator FAILED: {exception?.Message ?? "no source generated"}");
            return false;
        }

        string[] texts = sources.Select(s => s.SourceText.ToString()).ToArray();
        long bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        long lines = texts.Sum(t => (long)t.Count(c => c == '\n'));

        // Compile the declaration together with the generated code, as a build would (and check it has no errors).
        var compileTimes = new List<double>();
        string? errors = null;
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            SyntaxTree[] trees = [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs"), .. texts.Select((t, k) => CSharpSyntaxTree.ParseText(t, ParseOptions, path: $"Generated{k}.g.cs"))];
            using var stream = new MemoryStream();
            var emit = Compile(trees).Emit(stream);
            compileTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!emit.Success)
            {
                errors = string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3));
            }
        }

        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {shape,-38} | {first,9:F2} | {Median(times),9:F2} | {times.Min(),8:F2} | {bytes,10:N0} | {lines,7:N0} | {Median(compileTimes),10:F0} |"));
        if (errors is not null)
        {
            log.WriteLine($"  generated code does not compile: {errors}");
            return false;
        }

        return true;
    }

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(
            "GeneratorBenchmark",
            trees,
            Net80.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    private static string Declaration(string name, string loss, int inputs, params (int Size, string Activation)[] layers)
    {
        var text = new StringBuilder();
        text.AppendLine("using CompiledNet;").AppendLine().AppendLine("namespace GeneratorBench;").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"[Network(Loss = Loss.{loss})]");
        text.AppendLine(CultureInfo.InvariantCulture, $"[Input({inputs})]");
        foreach ((int size, string activation) in layers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"[Dense({size}, Activation.{activation})]");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"public partial class {name};");
        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Writes a temporary console project with ten network declarations that references this repository's runtime and
    /// generator by absolute path, and times <c>dotnet build -c Release</c>: cold (fresh obj/bin, restore included),
    /// no-op incremental, and after editing one declaration.
    /// </summary>
    private static bool BuildTime(TextWriter log)
    {
        string? repository = FindRepository();
        if (repository is null)
        {
            log.WriteLine("Build time: SKIPPED, CompiledNet.sln not found above the working directory or this program.");
            return false;
        }

        string directory = Path.Combine(Path.GetTempPath(), $"cnbench-build-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string runtime = Path.Combine(repository, "src", "CompiledNet", "CompiledNet.csproj");
            string generator = Path.Combine(repository, "generator", "CompiledNet.Generator", "CompiledNet.Generator.csproj");
            File.WriteAllText(Path.Combine(directory, "TenNetworks.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <LangVersion>12.0</LangVersion>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{runtime}" />
                    <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            (string Name, string Loss, int Inputs, (int, string)[] Layers)[] networks =
            [
                ("Xor", "MeanSquaredError", 2, [(4, "Sigmoid"), (1, "Sigmoid")]),
                ("XorTanh", "MeanSquaredError", 2, [(8, "Tanh"), (1, "Sigmoid")]),
                ("Iris", "CrossEntropy", 4, [(16, "ReLU"), (3, "Softmax")]),
                ("Sine", "MeanSquaredError", 1, [(32, "Tanh"), (32, "Tanh"), (1, "Linear")]),
                ("Binary", "BinaryCrossEntropy", 8, [(16, "ReLU"), (1, "Sigmoid")]),
                ("Medium", "MeanSquaredError", 64, [(32, "Tanh"), (10, "Sigmoid")]),
                ("Wine", "CrossEntropy", 13, [(64, "GELU"), (32, "SiLU"), (3, "Softmax")]),
                ("Digits", "CrossEntropy", 64, [(128, "ReLU"), (10, "Softmax")]),
                ("Fashion", "CrossEntropy", 784, [(128, "ReLU"), (10, "Softmax")]),
                ("FashionDeep", "CrossEntropy", 784, [(512, "ReLU"), (512, "ReLU"), (10, "Softmax")]),
            ];
            var program = new StringBuilder("using System;\n\nnamespace TenNetworks;\n\ninternal static class Program\n{\n    private static void Main()\n    {\n        int parameters = 0;\n");
            foreach (var network in networks)
            {
                File.WriteAllText(Path.Combine(directory, network.Name + "Net.cs"), Declaration(network.Name + "Net", network.Loss, network.Inputs, network.Layers).Replace("GeneratorBench", "TenNetworks", StringComparison.Ordinal));
                program.Append(CultureInfo.InvariantCulture, $"        parameters += {network.Name}Net.ParameterCount;\n");
            }

            program.Append("        Console.WriteLine(parameters);\n    }\n}\n");
            File.WriteAllText(Path.Combine(directory, "Program.cs"), program.ToString());

            log.WriteLine($"Build time: a console project with ten networks ({string.Join(", ", networks.Select(n => $"{n.Inputs}-{string.Join("-", n.Layers.Select(l => l.Item1))}"))}),");
            log.WriteLine($"referencing {runtime} and the generator by absolute path; `dotnet build -c Release` in {directory}.");
            log.WriteLine("(The referenced runtime and generator are built already when this runs from a Release build, so 'cold' is this project's restore and compile; the compiler server may be warm.)");
            (bool coldOk, double cold) = Build(log, directory);
            (bool noOpOk, double noOp) = Build(log, directory);
            File.AppendAllText(Path.Combine(directory, "IrisNet.cs"), "// edited\n");
            (bool editOk, double edit) = Build(log, directory);
            log.WriteLine();
            log.WriteLine($"| {"Build",-44} | {"seconds",8} |");
            log.WriteLine($"|{new string('-', 46)}|{new string('-', 10)}|");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"cold (restore + build, fresh obj/bin)",-44} | {cold,8:F2} |"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"no-op incremental (nothing changed)",-44} | {noOp,8:F2} |"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"incremental after editing one network file",-44} | {edit,8:F2} |"));
            return coldOk && noOpOk && editOk;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file; the temp folder is harmless.
            }
        }
    }

    private static (bool Ok, double Seconds) Build(TextWriter log, string directory)
    {
        var start = new ProcessStartInfo("dotnet", "build -c Release -nologo")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        long t0 = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        if (process.ExitCode != 0)
        {
            log.WriteLine($"dotnet build FAILED (exit {process.ExitCode}):");
            log.WriteLine(string.Join('\n', (output.Result + error.Result).Split('\n').TakeLast(30)));
            return (false, seconds);
        }

        return (true, seconds);
    }

    /// <summary>The repository root: the first folder holding CompiledNet.sln above the working directory or this program.</summary>
    public static string? FindRepository()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "CompiledNet.sln")))
                {
                    return d.FullName;
                }
            }
        }

        return null;
    }
}
