using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace PhdResolver.Sparql.Remote;

/// <summary>
/// Authentication of Graph Store Protocol writes, done here rather than by <see cref="HttpClientHandler.Credentials"/>:
/// the handler answers a challenge by sending the request again, but Virtuoso answers an unauthenticated PUT with
/// <c>401</c> and <c>Connection: close</c> before it reads the body, so the graph being sent meets a closed socket
/// (broken pipe, or a response that ended early). Instead the challenge is fetched once with a body-less GET, and every
/// write carries its <c>Authorization</c> (HTTP Digest, RFC 7616 MD5 with <c>qop=auth</c>, or Basic), computed for it;
/// a 401 (a stale nonce) fetches a new challenge and sends once more. Not thread-safe beyond its lock: one writer at a time.
/// </summary>
internal sealed class GraphStoreAuth(NetworkCredential credential)
{
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _digest; // the challenge's parameters; null: none yet (or Basic)
    private bool _basic;
    private int _count;

    /// <summary>Sets the request's Authorization for what is known of the server's challenge (nothing yet: none).</summary>
    public void Apply(HttpRequestMessage request)
    {
        lock (_lock)
        {
            if (_basic)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.UserName + ":" + credential.Password)));
                return;
            }
            if (_digest is not { } d) return;
            string uri = request.RequestUri!.PathAndQuery;
            string realm = d.GetValueOrDefault("realm", ""), nonce = d.GetValueOrDefault("nonce", "");
            string nc = (++_count).ToString("x8", CultureInfo.InvariantCulture);
            string cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            string ha1 = Md5($"{credential.UserName}:{realm}:{credential.Password}");
            string ha2 = Md5($"{request.Method.Method}:{uri}");
            bool qop = d.TryGetValue("qop", out var q) && q.Split(',').Any(x => x.Trim() == "auth");
            string response = qop ? Md5($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}") : Md5($"{ha1}:{nonce}:{ha2}");
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"username=\"{credential.UserName}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5, response=\"{response}\"");
            if (d.TryGetValue("opaque", out var opaque)) sb.Append(CultureInfo.InvariantCulture, $", opaque=\"{opaque}\"");
            if (qop) sb.Append(CultureInfo.InvariantCulture, $", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
            request.Headers.Authorization = new AuthenticationHeaderValue("Digest", sb.ToString());
        }
    }

    /// <summary>Fetches the server's challenge for <paramref name="target"/> with a GET (no body to lose).</summary>
    public void Challenge(HttpClient http, Uri target, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Learn(response);
    }

    /// <summary>Takes the challenge of a 401 answer; false when it has none this class can answer.</summary>
    public bool Learn(HttpResponseMessage response)
    {
        foreach (var h in response.Headers.WwwAuthenticate)
        {
            if (h.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && h.Parameter is { } p)
            {
                lock (_lock)
                {
                    _digest = Parse(p);
                    _basic = false;
                    _count = 0;
                }
                return true;
            }
            if (h.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                lock (_lock) _basic = true;
                return true;
            }
        }
        return false;
    }

    /// <summary>The key="value" (or key=value) pairs of a challenge.</summary>
    internal static Dictionary<string, string> Parse(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            int eq = text.IndexOf('=', i);
            if (eq < 0) break;
            string key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                int end = text.IndexOf('"', i + 1);
                if (end < 0) end = text.Length;
                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                int end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            map[key] = value;
        }
        return map;
    }

    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
}
