namespace PhdResolver.Rdf;

/// <summary>
/// A stream that is only written to (where a writer's bytes go: a response body, a buffer before a request): reading,
/// seeking, length and position are not supported. A subclass implements <see cref="Stream.Write(byte[], int, int)"/>
/// and <see cref="Stream.Flush"/>, and what else it needs.
/// </summary>
public abstract class WriteOnlyStream : Stream
{
    public sealed override bool CanRead => false;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => true;
    public sealed override long Length => throw new NotSupportedException();
    public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
}
