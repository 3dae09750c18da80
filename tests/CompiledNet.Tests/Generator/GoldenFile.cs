using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit.Sdk;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// Compares generated source to a committed file under Generator/Golden/, and the runtime's public API to
/// docs/api.md. Run the tests with UPDATE_GOLDEN=1 to (re)write the files after an intended change, then review the
/// diff before committing.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    /// <summary>The most removed and added lines a failure lists.</summary>
    public const int MaxChangedLines = 60;

    /// <summary>The Golden folder next to this source file, found through the compiler rather than a machine path.</summary>
    public static string Directory { get; } = Path.Combine(RepositoryPaths.GeneratorTests, "Golden");

    public static bool IsUpdating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Fails, naming the file and the first differing line, unless <paramref name="actual"/> matches the golden file.</summary>
    public static void AssertMatches(string fileName, string actual) =>
        AssertFileMatches(Path.Combine(Directory, fileName), actual, "Generated source");

    /// <summary>
    /// Fails unless <paramref name="actual"/> matches the file at <paramref name="path"/>, naming the first differing
    /// line and listing the removed and added lines; with UPDATE_GOLDEN=1 it writes the file instead.
    /// </summary>
    /// <param name="subject">What <paramref name="actual"/> is, for the message: "Generated source".</param>
    public static void AssertFileMatches(string path, string actual, string subject)
    {
        string normalizedActual = NormalizeLineEndings(actual);
        if (IsUpdating)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
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
                $"{subject} differs from golden file {path}.{Environment.NewLine}{difference}{Environment.NewLine}"
                + $"{LineChanges(expected, normalizedActual)}{Environment.NewLine}"
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

    /// <summary>
    /// The lines only in <paramref name="expected"/> ("- ") and only in <paramref name="actual"/> ("+ "), in file
    /// order, from a longest common subsequence of the lines; at most <see cref="MaxChangedLines"/> of them.
    /// </summary>
    public static string LineChanges(string expected, string actual)
    {
        string[] before = expected.Split('\n');
        string[] after = actual.Split('\n');

        // Trim the common ends first, so the quadratic table covers only the changed middle.
        int start = 0;
        while (start < before.Length && start < after.Length && before[start] == after[start])
        {
            start++;
        }

        int end = 0;
        while (end < before.Length - start && end < after.Length - start && before[^(end + 1)] == after[^(end + 1)])
        {
            end++;
        }

        string[] removed = before[start..^end];
        string[] added = after[start..^end];
        var changes = new List<string>();
        if ((long)removed.Length * added.Length > 4_000_000)
        {
            // Too large to align line by line: the whole middle of each side.
            changes.AddRange(removed.Select(line => "- " + line));
            changes.AddRange(added.Select(line => "+ " + line));
        }
        else
        {
            // common[i, j]: the longest common subsequence of removed[i..] and added[j..].
            var common = new int[removed.Length + 1, added.Length + 1];
            for (int i = removed.Length - 1; i >= 0; i--)
            {
                for (int j = added.Length - 1; j >= 0; j--)
                {
                    common[i, j] = removed[i] == added[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }

            int r = 0, a = 0;
            while (r < removed.Length || a < added.Length)
            {
                if (r < removed.Length && a < added.Length && removed[r] == added[a])
                {
                    r++;
                    a++;
                }
                else if (a == added.Length || (r < removed.Length && common[r + 1, a] >= common[r, a + 1]))
                {
                    changes.Add("- " + removed[r++]);
                }
                else
                {
                    changes.Add("+ " + added[a++]);
                }
            }
        }

        var text = new StringBuilder("Lines removed (-) from and added (+) to the golden file:");
        foreach (string change in changes.Take(MaxChangedLines))
        {
            text.Append(Environment.NewLine).Append(change);
        }

        if (changes.Count > MaxChangedLines)
        {
            text.Append(Environment.NewLine).Append($"... and {changes.Count - MaxChangedLines} more.");
        }

        return text.ToString();
    }

    // Only line endings: a checkout with core.autocrlf must not fail, but any other byte difference should.
    private static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
