using System.Security.Cryptography;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>MD5, SHA1, SHA256, SHA384, SHA512 of the UTF-8 bytes of a simple literal / xsd:string, as lowercase hex.</summary>
internal static class Hashes
{
    public static Term? Apply(string name, Term a)
    {
        if (!XsdTypes.IsSimpleOrXsdString(a)) return null;
        byte[] data = Encoding.UTF8.GetBytes(((Literal)a).Lexical);
#pragma warning disable CA5350, CA5351 // MD5 and SHA1 are required by SPARQL, not used for security
        byte[] hash = name switch
        {
            "MD5" => MD5.HashData(data),
            "SHA1" => SHA1.HashData(data),
            "SHA256" => SHA256.HashData(data),
            "SHA384" => SHA384.HashData(data),
            _ => SHA512.HashData(data),
        };
#pragma warning restore CA5350, CA5351
        return new Literal(Convert.ToHexStringLower(hash));
    }
}
