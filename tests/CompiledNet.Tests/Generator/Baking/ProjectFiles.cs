using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// A project folder on disk for generator runs: files written into it, the subset passed to the compiler as
/// AdditionalFiles items, and the ProjectDir build property the SDK hands to analyzers. Deleted on dispose.
/// </summary>
internal sealed class ProjectFiles : IDisposable
{
    private readonly List<AdditionalText> _additionalFiles = new();
    private readonly Dictionary<string, string> _globalOptions = new(StringComparer.OrdinalIgnoreCase);

    public ProjectFiles(bool withProjectDirectory = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), "cnet-project-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        if (withProjectDirectory)
        {
            _globalOptions["build_property.projectdir"] = Directory + Path.DirectorySeparatorChar;
        }
    }

    public string Directory { get; }

    public ImmutableArray<AdditionalText> AdditionalFiles => _additionalFiles.ToImmutableArray();

    public AnalyzerConfigOptionsProvider Options => new GlobalOptionsProvider(_globalOptions);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relativePath"/> and, unless told not to, passes it to the compiler.</summary>
    public string Write(string relativePath, byte[] bytes, bool passToCompiler = true)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        if (passToCompiler && !_additionalFiles.Any(f => f.Path == path))
        {
            _additionalFiles.Add(new BinaryAdditionalFile(path));
        }

        return path;
    }

    /// <summary>Passes a file to the compiler that may not exist.</summary>
    public void Pass(string relativePath) => _additionalFiles.Add(new BinaryAdditionalFile(Path.Combine(Directory, relativePath)));

    /// <summary>The same files as new AdditionalText objects, as the compiler gives them after a file changed on disk.</summary>
    public ImmutableArray<AdditionalText> ReopenedAdditionalFiles() =>
        _additionalFiles.Select(f => (AdditionalText)new BinaryAdditionalFile(f.Path)).ToImmutableArray();

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// An additional file whose text cannot be read, as the compiler treats a binary file (CS2015): the generator
    /// must take the bytes from the path and never ask for text.
    /// </summary>
    private sealed class BinaryAdditionalFile : AdditionalText
    {
        public BinaryAdditionalFile(string path) => Path = path;

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            throw new InvalidDataException($"CS2015: '{Path}' is a binary file instead of a text file.");
    }

    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions _global;

        public GlobalOptionsProvider(Dictionary<string, string> options) => _global = new DictionaryOptions(options);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _options;

        public DictionaryOptions(Dictionary<string, string> options) => _options = new Dictionary<string, string>(options, StringComparer.OrdinalIgnoreCase);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _options.TryGetValue(key, out value);
    }
}
