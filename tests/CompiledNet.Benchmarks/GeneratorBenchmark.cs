using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Basic.Reference.Assemblies;
using CompiledNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.Benchmarks;

/// <summary>
/// The generator mode (<c>--generator</c>): generation time and generated-code size for four networks, measured by
/// running the generator in-process with <see cref="CSharpGeneratorDriver"/> (as tests/CompiledNet.Tests does), and
/// the build time of a project declaring ten networks (cold, then a no-op incremental build, then after one edit).
/// A further section compares the 784-256-128-10 Fashion-MNIST network with its trained weights baked in
/// (<c>[Network(Weights = ...)]</c> on samples/EmbeddedClassifier/models/fashion-net.cnet) against the same declaration
/// without them.
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
        ok &= MeasureBaked(log, runs);
        log.WriteLine();
        ok &= BuildTime(log);
        return ok ? 0 : 1;
    }

    /// <summary>The weight file of the EmbeddedClassifier sample, relative to its project folder (as that sample declares it).</summary>
    private const string FashionWeights = "models/fashion-net.cnet";

    /// <summary>
    /// Baked weights: the EmbeddedClassifier sample's 784-256-128-10 network (ReLU, ReLU, softmax, cross-entropy;
    /// 235,146 parameters) declared with <c>Weights = "models/fashion-net.cnet"</c>, against the same declaration
    /// without it. The generator gets the file as an additional text and the sample's folder as
    /// <c>build_property.projectdir</c>, as the compiler hands them over in a build.
    /// </summary>
    private static bool MeasureBaked(TextWriter log, int runs)
    {
        string? repository = FindRepository();
        string? projectDirectory = repository is null ? null : Path.Combine(repository, "samples", "EmbeddedClassifier");
        string? weightFile = projectDirectory is null ? null : Path.GetFullPath(Path.Combine(projectDirectory, FashionWeights));
        if (projectDirectory is null || !File.Exists(weightFile))
        {
            log.WriteLine($"Baked weights: SKIPPED, {(repository is null ? "CompiledNet.sln not found above the working directory or this program" : weightFile + " not found")}.");
            return false;
        }

        (int, string)[] layers = [(256, "ReLU"), (128, "ReLU"), (10, "Softmax")];
        ImmutableArray<AdditionalText> additionalTexts = [new PathOnlyAdditionalText(weightFile)];
        var options = new GlobalOptionsProvider(new Dictionary<string, string>
        {
            ["build_property.projectdir"] = projectDirectory + Path.DirectorySeparatorChar,
        });
        log.WriteLine($"Baked weights: 784-256-128-10 ReLU/ReLU/softmax CE (the EmbeddedClassifier sample's network), with Weights = \"{FashionWeights}\"");
        log.WriteLine($"({weightFile}, {new FileInfo(weightFile).Length:N0} bytes, passed as an additional file with build_property.projectdir = {projectDirectory}) and without it.");
        log.WriteLine($"Generation: median of {runs} runs after 2 warm-up runs, a fresh driver per run. 'compile+emit' is the median of 3 Release compilations of the");
        log.WriteLine("declaration plus every generated file to an in-memory assembly; 'assembly' is that assembly's size.");
        log.WriteLine();
        log.WriteLine($"| {"Declaration",-26} | {"first ms",9} | {"median ms",9} | {"min ms",8} | {"network.g.cs",12} | {"BakedWeights.g.cs",17} | {"total bytes",11} | {"compile+emit ms",15} | {"assembly bytes",14} |");
        log.WriteLine($"|{new string('-', 28)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 14)}|{new string('-', 19)}|{new string('-', 13)}|{new string('-', 17)}|{new string('-', 16)}|");
        bool ok = true;
        foreach ((string label, string? weights) in new[] { ("without Weights", (string?)null), ("Weights = fashion-net.cnet", FashionWeights) })
        {
            string source = Declaration("FashionNet", "CrossEntropy", 784, weights, layers);
            CSharpCompilation compilation = Compile([CSharpSyntaxTree.ParseText(source, ParseOptions, path: "FashionNet.cs")]);
            (double first, List<double> times, GeneratorDriverRunResult result) = Generate(compilation, runs, additionalTexts, options);
            GeneratedSourceResult[] sources = result.Results.SelectMany(r => r.GeneratedSources).ToArray();
            Exception? exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
            Diagnostic[] generatorErrors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (exception is not null || generatorErrors.Length > 0 || sources.Length == 0)
            {
                log.WriteLine($"| {label,-26} | generator FAILED: {exception?.Message ?? (generatorErrors.Length > 0 ? string.Join("; ", generatorErrors.Take(3)) : "no source generated")}");
                ok = false;
                continue;
            }

            long BytesOf(Func<string, bool> hint) => sources.Where(r => hint(r.HintName)).Sum(r => (long)Encoding.UTF8.GetByteCount(r.SourceText.ToString()));
            long bakedBytes = BytesOf(h => h.Contains(".BakedWeights.", StringComparison.Ordinal));
            long networkBytes = BytesOf(h => !h.Contains(".BakedWeights.", StringComparison.Ordinal));
            (List<double> compileTimes, long assemblyBytes, string? errors) = CompileAndEmit(source, sources.Select(r => r.SourceText.ToString()).ToArray());
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {label,-26} | {first,9:F2} | {Median(times),9:F2} | {times.Min(),8:F2} | {networkBytes,12:N0} | {(bakedBytes == 0 ? "-" : bakedBytes.ToString("N0", CultureInfo.InvariantCulture)),17} | {networkBytes + bakedBytes,11:N0} | {Median(compileTimes),15:F0} | {assemblyBytes,14:N0} |"));
            if (errors is not null)
            {
                log.WriteLine($"  generated code does not compile: {errors}");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Runs the generator <paramref name="runs"/> + 2 times, each with a fresh driver; the first two are warm-ups.</summary>
    private static (double First, List<double> Times, GeneratorDriverRunResult Result) Generate(
        CSharpCompilation compilation, int runs, ImmutableArray<AdditionalText> additionalTexts = default, AnalyzerConfigOptionsProvider? options = null)
    {
        var times = new List<double>();
        double first = 0;
        GeneratorDriverRunResult? result = null;
        for (int i = 0; i < runs + 2; i++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [new NetworkGenerator().AsSourceGenerator()],
                additionalTexts: additionalTexts.IsDefault ? null : additionalTexts,
                parseOptions: ParseOptions,
                optionsProvider: options);
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

        return (first, times, result!);
    }

    /// <summary>
    /// Compiles the declaration together with the generated code, as a build would, three times (parse, bind, emit
    /// to memory, Release); returns the times, the emitted assembly's size and the first errors if it does not compile.
    /// </summary>
    private static (List<double> Times, long AssemblyBytes, string? Errors) CompileAndEmit(string source, string[] generated)
    {
        var compileTimes = new List<double>();
        string? errors = null;
        long bytes = 0;
        for (int i = 0; i < 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            SyntaxTree[] trees = [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs"), .. generated.Select((t, k) => CSharpSyntaxTree.ParseText(t, ParseOptions, path: $"Generated{k}.g.cs"))];
            using var stream = new MemoryStream();
            var emit = Compile(trees).Emit(stream);
            compileTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bytes = stream.Length;
            if (!emit.Success)
            {
                errors = string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3));
            }
        }

        return (compileTimes, bytes, errors);
    }

    private static bool MeasureGeneration(TextWriter log, string shape, string source, int runs)
    {
        CSharpCompilation compilation = Compile([CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Network.cs")]);
        (double first, List<double> times, GeneratorDriverRunResult result) = Generate(compilation, runs);
        GeneratedSourceResult[] sources = result.Results.SelectMany(r => r.GeneratedSources).ToArray();
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
        (List<double> compileTimes, _, string? errors) = CompileAndEmit(source, texts);
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

    private static string Declaration(string name, string loss, int inputs, params (int Size, string Activation)[] layers) =>
        Declaration(name, loss, inputs, weights: null, layers);

    private static string Declaration(string name, string loss, int inputs, string? weights, (int Size, string Activation)[] layers)
    {
        var text = new StringBuilder();
        text.AppendLine("using CompiledNet;").AppendLine().AppendLine("namespace GeneratorBench;").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"[Network(Loss = Loss.{loss}{(weights is null ? "" : $", Weights = \"{weights}\"")})]");
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

    /// <summary>
    /// An additional file as the compiler hands over a binary one: its path only. The generator reads the bytes from
    /// the path itself and never asks for text (the compiler would fail with CS2015).
    /// </summary>
    private sealed class PathOnlyAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            throw new InvalidDataException($"'{Path}' is a binary file, not a text file.");
    }

    /// <summary>Analyzer options with only global (build property) options, as the SDK passes build_property.projectdir.</summary>
    private sealed class GlobalOptionsProvider(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Empty = new([]);
        private readonly DictionaryOptions _global = new(global);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> options) : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _options = new(options, StringComparer.OrdinalIgnoreCase);

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _options.TryGetValue(key, out value);
    }
}
