using System.Globalization;

namespace VisitsCapture.Core.Measures;

/// <summary>Rounding and formatting for display and export (DESIGN.md: half away from zero).</summary>
public static class Rounding
{
    /// <summary>
    /// Rounds half away from zero as a person would on the printed decimal: 1.005 → 1.01, 2.675 → 2.68. The double
    /// is first converted to decimal, which keeps 15 significant digits, so 1.005 (stored as 1.00499999…) is seen as
    /// 1.005; Math.Round on the double would give 1.00. Non-finite values are returned unchanged; values beyond the
    /// decimal range (far beyond any KPI) fall back to rounding the double.
    /// </summary>
    public static double? HalfAwayFromZero(double? value, int decimals)
    {
        CheckDecimals(decimals);
        if (value is not { } v || !double.IsFinite(v))
        {
            return value;
        }
        var rounded = ToDecimal(v, decimals) is { } d ? (double)d : Math.Round(v, decimals, MidpointRounding.AwayFromZero);
        return rounded == 0 ? 0.0 : rounded; // never -0, which would print as "-0.00"
    }

    /// <summary>Invariant text with exactly <paramref name="decimals"/> places ("1.50"); "" for null (no data).</summary>
    public static string Format(double? value, int decimals)
    {
        CheckDecimals(decimals);
        if (value is not { } v)
        {
            return "";
        }
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        if (!double.IsFinite(v))
        {
            return v.ToString(format, CultureInfo.InvariantCulture);
        }
        if (ToDecimal(v, decimals) is { } d)
        {
            // Format the decimal itself: exact, and no second rounding of a binary double.
            return (d == 0 ? 0m : d).ToString(format, CultureInfo.InvariantCulture);
        }
        return Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString(format, CultureInfo.InvariantCulture);
    }

    private static decimal? ToDecimal(double v, int decimals)
    {
        if (Math.Abs(v) >= 7.9e28)
        {
            return null;
        }
        return Math.Round((decimal)v, decimals, MidpointRounding.AwayFromZero);
    }

    private static void CheckDecimals(int decimals)
    {
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Decimals must be between 0 and 15.");
        }
    }
}
