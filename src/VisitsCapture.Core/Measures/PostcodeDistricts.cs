using System.Text.RegularExpressions;

namespace VisitsCapture.Core.Measures;

/// <summary>
/// Cuts UK postcodes to their district (outcode). DESIGN.md: a full postcode given on import is cut to its district
/// before it is stored, so the full postcode is never kept.
/// </summary>
public static partial class PostcodeDistricts
{
    // The six outward-code shapes: A9, A99, AA9, AA99, A9A, AA9A.
    [GeneratedRegex("^(?:[A-Z][0-9]{1,2}|[A-Z]{2}[0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z]{2}[0-9][A-Z])$", RegexOptions.CultureInvariant)]
    private static partial Regex OutcodePattern();

    // The inward code is always a digit and two letters.
    [GeneratedRegex("^[0-9][A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex InwardPattern();

    /// <summary>
    /// Reads a full postcode (spaced or not, any case, extra spaces) or a district alone, and gives the upper-case
    /// district, e.g. "wv10 6aa" → "WV10", "WV106AA" → "WV10", "wv10" → "WV10".
    /// </summary>
    public static bool TryParse(string? input, out string district)
    {
        district = "";
        if (!TrySplit(input, out var outward, out _))
        {
            return false;
        }
        district = outward;
        return true;
    }

    /// <summary>The district of a postcode or district, or null when the input is not one.</summary>
    public static string? ToDistrict(string? input) => TryParse(input, out var d) ? d : null;

    /// <summary>True for a complete postcode (district and inward code), false for a district alone or anything invalid.</summary>
    public static bool IsFullPostcode(string? input) => TrySplit(input, out _, out var inward) && inward is not null;

    private static bool TrySplit(string? input, out string outward, out string? inward)
    {
        outward = "";
        inward = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var parts = input.Trim().ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string o;
        string? i;
        if (parts.Length == 2)
        {
            (o, i) = (parts[0], parts[1]);
        }
        else if (parts.Length == 1 && parts[0].Length >= 5)
        {
            // Unspaced full postcode: the inward code is always the last three characters. A district alone
            // is at most four characters, so five or more can only be a full postcode.
            (o, i) = (parts[0][..^3], parts[0][^3..]);
        }
        else if (parts.Length == 1)
        {
            (o, i) = (parts[0], null);
        }
        else
        {
            return false;
        }

        if (!OutcodePattern().IsMatch(o) || (i is not null && !InwardPattern().IsMatch(i)))
        {
            return false;
        }
        outward = o;
        inward = i;
        return true;
    }
}
