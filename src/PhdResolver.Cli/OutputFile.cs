using System.Text;

namespace PhdResolver.Cli;

/// <summary>
/// Writes an output file all or nothing: into a temporary file in the same folder (so the final
/// rename stays on one file system and is atomic), renamed over the target only when the writer
/// finished. On any error the temporary file is deleted and the target is left as it was: a
/// failed <c>convert -o</c> never leaves a truncated document that looks complete.
/// </summary>
internal static class OutputFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var w = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                write(w);
                w.Flush();
                ((FileStream)w.BaseStream).Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>To standard output (<paramref name="path"/> null) or to a file, all or nothing.</summary>
    public static void WriteTo(string? path, Action<TextWriter> write)
    {
        if (path is not null)
        {
            Write(path, write);
            return;
        }
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        write(stdout);
        stdout.Flush();
    }
}
