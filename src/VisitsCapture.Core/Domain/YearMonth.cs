using System.Globalization;

namespace VisitsCapture.Core.Domain;

/// <summary>A calendar month, stored as the integer yyyymm (e.g. 202504) so that it sorts and groups cheaply.</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public int Key => Year * 100 + Month;
    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);
    public YearMonth Next => Of(FirstDay.AddMonths(1));
    public YearMonth Previous => Of(FirstDay.AddMonths(-1));

    /// <summary>Financial year starting in April: Q1 = April-June ... Q4 = January-March.</summary>
    public FinancialQuarter Quarter => FinancialQuarter.Of(this);

    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);
    public static YearMonth FromKey(int key) => new(key / 100, key % 100);

    /// <summary>
    /// The years a month or date taken in may fall in (1901-2999): near DateOnly's own ends (0001, 9999) "the next
    /// month" or "28 days on" would overflow, so such input is refused as invalid, never left to fail later.
    /// </summary>
    public const int MinYear = 1901;
    public const int MaxYear = 2999;

    public static bool InRange(DateOnly date) => date.Year is >= MinYear and <= MaxYear;

    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && InRange(d))
        {
            month = Of(d);
            return true;
        }
        return false;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"'{text}' is not a month in the form YYYY-MM.");

    public YearMonth AddMonths(int n) => Of(FirstDay.AddMonths(n));

    public int CompareTo(YearMonth other) => Key.CompareTo(other.Key);
    public static bool operator <(YearMonth a, YearMonth b) => a.Key < b.Key;
    public static bool operator >(YearMonth a, YearMonth b) => a.Key > b.Key;
    public static bool operator <=(YearMonth a, YearMonth b) => a.Key <= b.Key;
    public static bool operator >=(YearMonth a, YearMonth b) => a.Key >= b.Key;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
    public string ToLongString() => FirstDay.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>The month abbreviated, as chart axes label it, e.g. "Jan 2025".</summary>
    public string ToShortString() => FirstDay.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>Months from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IEnumerable<YearMonth> Range(YearMonth from, YearMonth to)
    {
        for (var m = from; m <= to; m = m.Next)
        {
            yield return m;
        }
    }
}

/// <summary>A financial quarter, named by the year in which its financial year starts (2025 Q1 = April-June 2025).</summary>
public readonly record struct FinancialQuarter(int FinancialYear, int Number)
{
    public static FinancialQuarter Of(YearMonth m)
    {
        var fy = m.Month >= 4 ? m.Year : m.Year - 1;
        var q = m.Month >= 4 ? (m.Month - 4) / 3 + 1 : 4;
        return new(fy, q);
    }

    public YearMonth FirstMonth => Number < 4 ? new(FinancialYear, 4 + (Number - 1) * 3) : new(FinancialYear + 1, 1);
    public IEnumerable<YearMonth> Months => [FirstMonth, FirstMonth.AddMonths(1), FirstMonth.AddMonths(2)];

    public static bool TryParse(string? text, out FinancialQuarter quarter)
    {
        // "2025-Q1" = April-June 2025.
        quarter = default;
        var parts = text?.Trim().ToUpperInvariant().Split("-Q");
        if (parts is [var y, var q] && int.TryParse(y, out var year) && int.TryParse(q, out var n) && n is >= 1 and <= 4 && year is >= YearMonth.MinYear and < YearMonth.MaxYear)
        {
            quarter = new(year, n);
            return true;
        }
        return false;
    }

    public override string ToString() => $"{FinancialYear}-Q{Number}";
    public string ToLongString() => $"Q{Number} {FinancialYear}/{(FinancialYear + 1) % 100:D2}";
}
