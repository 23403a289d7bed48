using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PhdResolver.Rdf;

/// <summary>
/// UTF-8 decoding that refuses invalid bytes instead of replacing them with U+FFFD (which would
/// silently change the data), and says where: <see cref="InvalidUtf8Exception.ByteOffset"/>.
/// A leading BOM is skipped.
/// </summary>
public static class StrictUtf8
{
    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="InvalidUtf8Exception"/> at the first invalid sequence.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        int skip = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var input = bytes[skip..];
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, input.Length));
        try
        {
            var status = Utf8.ToUtf16(input, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done) throw new InvalidUtf8Exception(skip + read);
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Reads a whole stream and decodes it strictly.</summary>
    public static string ReadToEnd(Stream input)
    {
        if (input is MemoryStream ms && ms.TryGetBuffer(out var seg)) return Decode(seg.AsSpan((int)ms.Position));
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        return Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }
}

/// <summary>Bytes that are not UTF-8; <see cref="ByteOffset"/> is the 0-based offset of the first bad byte.</summary>
public sealed class InvalidUtf8Exception(long byteOffset)
    : FormatException($"invalid UTF-8 at byte offset {byteOffset}")
{
    public long ByteOffset { get; } = byteOffset;
}
