using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VisitsCapture.Core.Domain;

/// <summary>
/// A visit's <c>client_id</c> (DESIGN.md Interfaces): any text of 1 to 100 printable characters, a device's UUID or
/// another system's visit reference. A UUID is stored as it is; any other text as its name-based UUID (version 5,
/// RFC 9562) in a namespace of our own, so the same text is always the same visit and a re-import changes nothing.
/// </summary>
public static class ClientKey
{
    public const int MaxLength = 100;

    /// <summary>The namespace of name-based keys; never change it, or re-imported history would become new visits.</summary>
    private static readonly Guid Namespace = new("8c0f0f6e-5b7a-4f43-9a55-2f0f7d3e1c42");

    /// <summary>The stored key of the text, or null with the reason it is not a client_id.</summary>
    public static Guid? From(string? text, out string? error)
    {
        error = Problem(text ?? "");
        if (error is not null)
        {
            return null;
        }
        return Guid.TryParse(text, out var id) && id != Guid.Empty ? id : NameBased(text!);
    }

    private static string? Problem(string text)
    {
        if (text.Length == 0)
        {
            return "a value is required: the visit's UUID or another system's visit reference";
        }
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || !Printable(CharUnicodeInfo.GetUnicodeCategory(text[i])))
            {
                return $"has a character that cannot be printed at position {length + 1}: use 1 to {MaxLength} printable characters";
            }
            length++;
        }
        return length > MaxLength ? $"is {length} characters long: use 1 to {MaxLength} printable characters" : null;
    }

    private static bool Printable(UnicodeCategory c) => c is not (UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse);

    /// <summary>UUID version 5: SHA-1 of the namespace and the UTF-8 text, with the version and variant bits set.</summary>
    private static Guid NameBased(string text)
    {
        var name = Encoding.UTF8.GetBytes(text);
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
