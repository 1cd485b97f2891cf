using System.Globalization;

namespace VisitsCapture.Core.Domain;

/// <summary>A date as query strings and forms give it, YYYY-MM-DD, within <see cref="YearMonth.MinYear"/>-<see cref="YearMonth.MaxYear"/>.</summary>
public static class IsoDate
{
    public static bool TryParse(string? text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && YearMonth.InRange(date))
        {
            return true;
        }
        date = default;
        return false;
    }
}
