using System;
using System.IO;
using Xunit.Sdk;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Compares generated source to a committed file under Generator/Golden/. Run the tests with UPDATE_GOLDEN=1 to
/// (re)write the files after an intended change to the emitters, then review the diff before committing.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    /// <summary>The Golden folder next to this source file, found through the compiler rather than a machine path.</summary>
    public static string Directory { get; } = Path.Combine(RepositoryPaths.GeneratorTests, "Golden");

    public static bool IsUpdating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Fails, naming the file and the first differing line, unless <paramref name="actual"/> matches the golden file.</summary>
    public static void AssertMatches(string fileName, string actual)
    {
        string path = Path.Combine(Directory, fileName);
        string normalizedActual = NormalizeLineEndings(actual);
        if (IsUpdating)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, normalizedActual);
            return;
        }

        if (!File.Exists(path))
        {
            throw new XunitException($"Golden file {path} does not exist. Run the tests with {UpdateVariable}=1 to create it, then review and commit it.");
        }

        string expected = NormalizeLineEndings(File.ReadAllText(path));
        if (Describe(expected, normalizedActual) is { } difference)
        {
            throw new XunitException(
                $"Generated source differs from golden file {path}.{Environment.NewLine}{difference}{Environment.NewLine}"
                + $"If the change is intended, run the tests with {UpdateVariable}=1 to rewrite the golden files, then review the diff.");
        }
    }

    /// <summary>The first line where the two texts differ, or null when they are equal.</summary>
    public static string? Describe(string expected, string actual)
    {
        if (expected == actual)
        {
            return null;
        }

        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int count = Math.Max(expectedLines.Length, actualLines.Length);
        for (int i = 0; i < count; i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (e != a)
            {
                return $"First difference at line {i + 1}:{Environment.NewLine}"
                    + $"  golden:    {e ?? "<end of file>"}{Environment.NewLine}"
                    + $"  generated: {a ?? "<end of file>"}";
            }
        }

        // Unreachable: different strings split on '\n' differ in some line.
        return "The texts differ.";
    }

    // Only line endings: a checkout with core.autocrlf must not fail, but any other byte difference should.
    private static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
