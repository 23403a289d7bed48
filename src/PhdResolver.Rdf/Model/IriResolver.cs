using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// RFC 3986 reference resolution (§5.2) and the inverse, making an IRI relative to a base.
/// Works on strings without allocating a Uri: System.Uri normalises (case, escapes, default
/// ports) in ways RDF forbids, since IRIs compare character by character.
/// </summary>
public static class IriResolver
{
    /// <summary>The five components of an IRI reference; absent ones are null (empty ones are "").</summary>
    public readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment)
    {
        public override string ToString()
        {
            var sb = new StringBuilder();
            if (Scheme is not null) sb.Append(Scheme).Append(':');
            if (Authority is not null) sb.Append("//").Append(Authority);
            sb.Append(Path);
            if (Query is not null) sb.Append('?').Append(Query);
            if (Fragment is not null) sb.Append('#').Append(Fragment);
            return sb.ToString();
        }
    }

    /// <summary>Splits a reference per RFC 3986 Appendix B.</summary>
    public static Parts Split(string iri)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        int pos = 0;
        int n = iri.Length;

        int colon = SchemeEnd(iri);
        if (colon > 0)
        {
            scheme = iri[..colon];
            pos = colon + 1;
        }
        int hash = iri.IndexOf('#', pos);
        int end = hash >= 0 ? hash : n;
        if (hash >= 0) fragment = iri[(hash + 1)..];
        int q = iri.IndexOf('?', pos, end - pos);
        int pathEnd = q >= 0 ? q : end;
        if (q >= 0) query = iri[(q + 1)..end];
        if (pathEnd - pos >= 2 && iri[pos] == '/' && iri[pos + 1] == '/')
        {
            int aStart = pos + 2;
            int slash = iri.IndexOf('/', aStart, pathEnd - aStart);
            int aEnd = slash >= 0 ? slash : pathEnd;
            authority = iri[aStart..aEnd];
            pos = aEnd;
        }
        return new Parts(scheme, authority, iri[pos..pathEnd], query, fragment);
    }

    /// <summary>Index of the ':' ending a valid scheme, or -1 (RFC 3986 §3.1; also <see cref="IriSyntax"/>'s scheme rule).</summary>
    internal static int SchemeEnd(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return -1;
        for (int i = 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == ':') return i;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return -1;
        }
        return -1;
    }

    /// <summary>True if the string starts with a scheme (i.e. is not a relative reference).</summary>
    public static bool IsAbsolute(string iri) => SchemeEnd(iri) > 0;

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseIri"/> (RFC 3986 §5.2.2, strict).</summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (string.IsNullOrEmpty(baseIri))
            return reference;
        int prefix = MergePrefix(baseIri, reference);
        return prefix >= 0 ? string.Concat(baseIri.AsSpan(0, prefix), reference) : ResolveBySplitting(baseIri, reference);
    }

    /// <summary>
    /// The fast path of <see cref="Resolve"/> for the common reference, a relative path such as
    /// <c>instrument/1/config/2</c> against a parser's base (one per IRI in a Turtle document with <c>@base</c>):
    /// the length of the base's prefix (scheme, authority and path up to its last '/') that the reference
    /// is appended to as it is, or -1 when the general algorithm is needed.
    /// Why appending is §5.2.2 exactly: a reference with no scheme that starts with neither '/', '?' nor '#'
    /// (and is not empty) takes the base's scheme and authority and the path Merge(base path, reference path)
    /// = base path up to its last '/' + reference path, then RemoveDotSegments, then the reference's own query and
    /// fragment. RemoveDotSegments changes a path only if a segment is "." or ".."; the merged path's segments
    /// are the base directory's followed by the reference path's (the directory ends with '/'), so when
    /// neither has such a segment the result is the base prefix followed by the reference's characters. The
    /// one merge rule not covered (an authority with an empty path, which merges to "/" + path) returns -1.
    /// </summary>
    internal static int MergePrefix(string baseIri, string reference)
    {
        if (reference.Length == 0 || reference[0] is '/' or '?' or '#' || SchemeEnd(reference) > 0) return -1;
        int refPathEnd = reference.AsSpan().IndexOfAny('?', '#');
        if (HasDotSegment(refPathEnd < 0 ? reference : reference.AsSpan(0, refPathEnd))) return -1;

        int colon = SchemeEnd(baseIri);
        if (colon < 0) return -1;
        int pathStart = colon + 1;
        var b = baseIri.AsSpan();
        int baseEnd = b.IndexOfAny('?', '#');
        if (baseEnd < 0) baseEnd = b.Length;
        if (baseEnd < pathStart) return -1; // a '?' or '#' inside the scheme cannot happen (SchemeEnd), but stay safe
        bool authority = baseEnd - pathStart >= 2 && b[pathStart] == '/' && b[pathStart + 1] == '/';
        if (authority)
        {
            int slash = b[(pathStart + 2)..baseEnd].IndexOf('/');
            if (slash < 0) return -1; // an empty path merges to "/" + reference
            pathStart += 2 + slash;
        }
        int dirEnd = b[pathStart..baseEnd].LastIndexOf('/') + 1; // 0: no '/', the merge is the reference path alone
        if (HasDotSegment(b.Slice(pathStart, dirEnd))) return -1;
        return pathStart + dirEnd;
    }

    /// <summary>True if a '/'-separated segment of <paramref name="path"/> is "." or "..".</summary>
    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        int dot = path.IndexOf('.');
        while (dot >= 0)
        {
            // The segment holding this dot: from after the previous '/' to the next '/'.
            int start = path[..dot].LastIndexOf('/') + 1;
            int next = path[start..].IndexOf('/');
            var seg = next < 0 ? path[start..] : path.Slice(start, next);
            if (seg is "." or "..") return true;
            if (next < 0) return false;
            int after = start + next + 1;
            int more = path[after..].IndexOf('.');
            dot = more < 0 ? -1 : after + more;
        }
        return false;
    }

    /// <summary>RFC 3986 §5.2.2 over the split components: every reference (the general path of <see cref="Resolve"/>).</summary>
    internal static string ResolveBySplitting(string baseIri, string reference)
    {
        // Fast paths: absolute references need only dot-segment removal, which is rare.
        var r = Split(reference);
        if (r.Scheme is not null)
        {
            if (!r.Path.Contains('.', StringComparison.Ordinal)) return reference;
            return (r with { Path = RemoveDotSegments(r.Path) }).ToString();
        }
        var b = Split(baseIri);
        string? authority, path, query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path[0] == '/' ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
            authority = b.Authority;
        }
        return new Parts(b.Scheme, authority, path, query, r.Fragment).ToString();
    }

    private static string Merge(in Parts b, string relPath)
    {
        if (b.Authority is not null && b.Path.Length == 0) return "/" + relPath;
        int slash = b.Path.LastIndexOf('/');
        return slash >= 0 ? string.Concat(b.Path.AsSpan(0, slash + 1), relPath) : relPath;
    }

    /// <summary>RFC 3986 §5.2.4.</summary>
    public static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.', StringComparison.Ordinal) < 0) return path;
        var input = path.AsSpan();
        var output = new List<string>();
        // Each output entry is a segment including its leading '/', if any.
        while (input.Length > 0)
        {
            if (input.StartsWith("../")) input = input[3..];
            else if (input.StartsWith("./")) input = input[2..];
            else if (input.StartsWith("/./")) input = input[2..];
            else if (input.SequenceEqual("/.")) input = "/";
            else if (input.StartsWith("/../"))
            {
                input = input[3..];
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
            }
            else if (input.SequenceEqual("/.."))
            {
                input = "/";
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
            }
            else if (input.SequenceEqual(".") || input.SequenceEqual("..")) input = default;
            else
            {
                int start = input[0] == '/' ? 1 : 0;
                int next = input[start..].IndexOf('/');
                int len = next < 0 ? input.Length : next + start;
                output.Add(input[..len].ToString());
                input = input[len..];
            }
        }
        return string.Concat(output);
    }

    /// <summary>
    /// The shortest reference that resolves against <paramref name="baseIri"/> back to
    /// <paramref name="iri"/>, or <paramref name="iri"/> itself when no relative form is safe.
    /// </summary>
    public static string Relativize(string? baseIri, string iri)
    {
        if (string.IsNullOrEmpty(baseIri)) return iri;
        var b = Split(baseIri);
        var t = Split(iri);
        if (b.Scheme is null || !string.Equals(b.Scheme, t.Scheme, StringComparison.Ordinal)) return iri;
        if (!string.Equals(b.Authority, t.Authority, StringComparison.Ordinal))
            return Check(t.Authority is null ? iri : iri[(t.Scheme!.Length + 1)..]);

        string candidate;
        if (t.Path == b.Path)
        {
            if (t.Query == b.Query)
                candidate = t.Fragment is null ? (b.Fragment is null ? "" : iri) : "#" + t.Fragment;
            else if (t.Query is not null)
                candidate = "?" + t.Query + (t.Fragment is null ? "" : "#" + t.Fragment);
            else
                candidate = LastSegmentForm(b, t);
        }
        else
        {
            candidate = PathRelative(b, t);
        }
        return Check(candidate);

        // Every candidate is verified by resolving it back; anything doubtful stays absolute.
        string Check(string c) => Resolve(baseIri, c) == iri ? c : iri;
    }

    private static string LastSegmentForm(in Parts b, in Parts t)
    {
        int slash = t.Path.LastIndexOf('/');
        string seg = t.Path[(slash + 1)..];
        if (seg.Length == 0 || seg.Contains(':', StringComparison.Ordinal)) seg = "./" + seg;
        return seg + (t.Query is null ? "" : "?" + t.Query) + (t.Fragment is null ? "" : "#" + t.Fragment);
    }

    private static string PathRelative(in Parts b, in Parts t)
    {
        string suffix = (t.Query is null ? "" : "?" + t.Query) + (t.Fragment is null ? "" : "#" + t.Fragment);
        if (t.Path.Length == 0 || t.Path[0] != '/' || b.Path.Length == 0 || b.Path[0] != '/')
            return t.Path + suffix;
        // Common directory prefix.
        string[] bs = b.Path.Split('/');
        string[] ts = t.Path.Split('/');
        int common = 0;
        while (common < bs.Length - 1 && common < ts.Length - 1 && bs[common] == ts[common]) common++;
        var sb = new StringBuilder();
        for (int i = common; i < bs.Length - 1; i++) sb.Append("../");
        for (int i = common; i < ts.Length; i++)
        {
            sb.Append(ts[i]);
            if (i < ts.Length - 1) sb.Append('/');
        }
        string rel = sb.ToString();
        if (rel.Length == 0) rel = "./";
        else
        {
            int firstSlash = rel.IndexOf('/', StringComparison.Ordinal);
            string firstSeg = firstSlash < 0 ? rel : rel[..firstSlash];
            if (firstSeg.Contains(':', StringComparison.Ordinal)) rel = "./" + rel;
        }
        // A path with many "../" is less readable than the absolute path.
        if (common <= 1 && bs.Length > 2) rel = t.Path;
        return rel + suffix;
    }
}
