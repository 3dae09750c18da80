using System;
using System.Globalization;
using System.IO;

namespace CompiledNet.Onnx;

/// <summary>Writes a file through a temporary file beside it and a rename, as CompiledNet's WeightFile does.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file beside <paramref name="path"/>, flushes it to disk, then
    /// renames it over <paramref name="path"/>. A failure leaves no temporary file and is reported against <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, byte[] bytes)
    {
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new OnnxModelException(Format("Cannot save the ONNX model to '{0}': it is a directory.", path));
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
            throw new OnnxModelException(Format("Cannot save the ONNX model to '{0}': {1}", path, reason), error);
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
