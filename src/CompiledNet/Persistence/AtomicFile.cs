using System;
using System.Globalization;
using System.IO;

namespace CompiledNet;

/// <summary>
/// Writes a file through a temporary file beside it and a rename, so a crash mid-save never leaves a half-written
/// file. Weight files, safetensors and ONNX models (in CompiledNet.Onnx) all save through it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes it to disk, then
    /// renames it over <paramref name="path"/>. A failure leaves no temporary file and any file already at
    /// <paramref name="path"/> unchanged, and is reported against <paramref name="path"/> through <paramref name="failure"/>
    /// (the message, and the system's error or null).
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="bytes">Its whole contents.</param>
    /// <param name="what">What is saved, for the message: "the weights".</param>
    /// <param name="failure">Makes the caller's exception from the message and the system's error (null when there is none).</param>
    public static void Write(string path, byte[] bytes, string what, Func<string, Exception?, Exception> failure)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw failure(Format("Cannot save {0} to '{1}': it is a directory.", what, path), null);
        }

        string temporary = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);

            // The system's message names the temporary file, which the caller never asked for.
            string reason = error.Message.Replace(temporary, fullPath, StringComparison.Ordinal);
            throw failure(Format("Cannot save {0} to '{1}': {2}", what, path, reason), error);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    // Cleanup must not hide the error that caused it.
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Format(string format, params object[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, format, arguments);
}
