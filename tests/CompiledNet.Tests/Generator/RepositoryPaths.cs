using System.IO;
using System.Runtime.CompilerServices;

namespace CompiledNet.Tests.Generator;

/// <summary>Files of the repository, found from where the compiler saw this source file rather than a machine path.</summary>
internal static class RepositoryPaths
{
    /// <summary>tests/CompiledNet.Tests/Generator.</summary>
    public static string GeneratorTests { get; } = Path.GetDirectoryName(ThisFilePath())!;

    /// <summary>The repository root, three levels above this folder.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(GeneratorTests, "..", "..", ".."));

    public static string InRoot(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string ThisFilePath([CallerFilePath] string path = "") => path;
}
