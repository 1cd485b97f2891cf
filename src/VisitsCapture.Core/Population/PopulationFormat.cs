using System.Globalization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Population;

/// <summary>How population figures read on the pages: percentages and miles to one decimal place, half away from zero; "no data" never 0.</summary>
public static class PopulationFormat
{
    public const string NoData = "No data";

    public static string Percent(double? value) => value is null ? NoData : Rounding.Format(value, 1) + "%";

    public static string Miles(double? value) => value is null ? NoData : Rounding.Format(value, 1);

    /// <summary>A share of a whole as a percentage; no data when the whole is 0.</summary>
    public static string Share(int part, int whole) => whole == 0 ? NoData : Percent(100.0 * part / whole);

    /// <summary>Percentage points with a sign, e.g. "+2.5" or "-10.0".</summary>
    public static string Points(double? value) => value is { } v
        ? (Rounding.HalfAwayFromZero(v, 1) > 0 ? "+" : "") + Rounding.Format(v, 1)
        : NoData;

    /// <summary>The population P: a whole number, or one decimal when it is the average of several snapshots.</summary>
    public static string Population(double? value) => value is not { } v ? NoData
        : v == Math.Floor(v) ? v.ToString("N0", CultureInfo.GetCultureInfo("en-GB")) : Rounding.Format(v, 1);

    public static string Count(int n) => n.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>A number for chart data: rounded like the table beside the chart, null for no data.</summary>
    public static double? ChartValue(double? value) => Rounding.HalfAwayFromZero(value, 1);

    public static string Date(DateOnly date) => LondonTime.Format(date);
}

/// <summary>A breakdown table on the population page (local authorities, regions, home sources).</summary>
public sealed record BreakdownTable(string Id, string Caption, string Heading, IReadOnlyList<Breakdown> Rows, int Total);
