using System;
using System.Collections.Generic;

namespace CompiledNet.Generator.Weights;

/// <summary>
/// Path arithmetic without the file system: '/' and '\' alike, "." and ".." folded, so "models/../models/xor.cnet"
/// written in the attribute matches the compiler's full path of the item.
/// </summary>
internal static class FilePaths
{
    public static string Combine(string directory, string path) =>
        IsRooted(path) ? path : directory.TrimEnd('/', '\\') + "/" + path;

    public static string Normalize(string path)
    {
        string unified = path.Replace('\\', '/');
        bool rooted = unified.StartsWith("/", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (string segment in unified.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return (rooted ? "/" : string.Empty) + string.Join("/", segments);
    }

    /// <summary>Full paths compare without case on Windows, whose file system ignores it.</summary>
    public static bool Same(string left, string right) => string.Equals(left, right, Comparison);

    /// <summary>Whether <paramref name="path"/> ends with the whole segments of <paramref name="relative"/>.</summary>
    public static bool EndsWith(string path, string relative) =>
        Same(path, relative) || path.EndsWith("/" + relative, Comparison);

    private static StringComparison Comparison => System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool IsRooted(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) || (path.Length >= 2 && path[1] == ':');
}
