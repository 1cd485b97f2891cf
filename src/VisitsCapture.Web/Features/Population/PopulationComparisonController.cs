using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// The regional and national page for pathway leads: the population locality index and median distance from home
/// of every establishment in their scope, and of each family group, for a month; sortable and exportable as CSV.
/// </summary>
[Authorize(Policy = Policies.PathwayLead)]
public sealed class PopulationComparisonController(
    PopulationMeasures measures, EstablishmentAccess access, TimeProvider clock, IOptions<MeasuresOptions> options) : Controller
{
    public static readonly string[] SortKeys = ["name", "region", "group", "population", "pli", "median", "mean", "unknown"];

    [HttpGet("population")]
    public async Task<IActionResult> Index(string? month, string? region, string? sort, string? dir, string? gsort, string? gdir, CancellationToken ct)
    {
        if (!Valid(sort) || !Valid(gsort) || dir is not (null or "asc" or "desc") || gdir is not (null or "asc" or "desc"))
        {
            return BadRequest(); // only reachable by editing the URL: the page's links are always valid
        }
        var monthError = !string.IsNullOrEmpty(month) && !PopulationMeasures.TryParseMonth(month, out _);
        if (monthError)
        {
            ModelState.AddModelError("month", "Enter a month in the form YYYY-MM, for example 2025-04");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        var query = await QueryAsync(monthError ? null : month, region, ct);
        if (query is null)
        {
            return BadRequest();
        }
        var (m, regions, comparison) = query.Value;
        var model = new ComparisonPageModel(
            m, region, regions, options.Value.LocalRadiusMiles, options.Value.SmallNumberThreshold,
            new SortedRows(Sort(comparison.Establishments, sort ?? "name", dir ?? "asc"), sort ?? "name", dir ?? "asc"),
            new SortedRows(Sort(comparison.FamilyGroups, gsort ?? "name", gdir ?? "asc"), gsort ?? "name", gdir ?? "asc"),
            comparison.Total);
        return View("Comparison", model);
    }

    /// <summary>The page's figures as CSV: level "establishments" (default) or "groups". Counts below the small-number threshold are suppressed.</summary>
    [HttpGet("population/export")]
    public async Task<IActionResult> Export(string? month, string? region, string? level, CancellationToken ct)
    {
        var query = await QueryAsync(month, region, ct);
        if (query is null || level is not (null or "establishments" or "groups"))
        {
            return BadRequest();
        }
        var (m, _, comparison) = query.Value;
        var groups = level == "groups";
        var rows = groups ? comparison.FamilyGroups : comparison.Establishments.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var csv = PopulationCsv.Write(rows, groups, m, options.Value.LocalRadiusMiles, options.Value.SmallNumberThreshold);
        Response.Headers.CacheControl = "no-store";
        var name = $"population-{(groups ? "family-groups" : "establishments")}-{m}{(region is null ? "" : "-" + TabularExport.Slug(region))}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", name);
    }

    private async Task<(YearMonth Month, IReadOnlyList<string> Regions, Comparison Comparison)?> QueryAsync(string? month, string? region, CancellationToken ct)
    {
        var visible = await access.ViewableAsync(User);
        var regions = visible.Select(e => e.Region).Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        if (region is not null && !regions.Contains(region))
        {
            return null;
        }
        YearMonth m;
        if (!string.IsNullOrEmpty(month))
        {
            if (!PopulationMeasures.TryParseMonth(month, out m))
            {
                return null;
            }
        }
        else
        {
            m = await measures.LatestMonthAsync(visible.Select(e => e.Id).ToList(), ct) ?? clock.CurrentMonth();
        }
        var shown = visible.Where(e => region is null || e.Region == region).ToList();
        return (m, regions, await measures.CompareAsync(shown, m, ct));
    }

    // Names sort the same on every server, whatever its culture.
    private static readonly Comparer<IComparable?> ByValue = Comparer<IComparable?>.Create((a, b) =>
        a is string x && b is string y ? StringComparer.OrdinalIgnoreCase.Compare(x, y) : Comparer<IComparable?>.Default.Compare(a, b));

    private static bool Valid(string? sort) => sort is null || SortKeys.Contains(sort);

    /// <summary>Sorted by the column; rows without a value always last, then by name.</summary>
    internal static IReadOnlyList<ComparisonRow> Sort(IReadOnlyList<ComparisonRow> rows, string sort, string dir)
    {
        Func<ComparisonRow, IComparable?> key = sort switch
        {
            "region" => r => r.Region,
            "group" => r => r.FamilyGroup,
            "population" => r => r.Population,
            "pli" => r => r.Locality?.PliPct,
            "median" => r => r.Locality?.MedianMiles,
            "mean" => r => r.Locality?.MeanMiles,
            "unknown" => r => r.Locality?.UnknownHomes,
            _ => r => r.Name,
        };
        var withValue = rows.Where(r => key(r) is not null);
        var ordered = dir == "desc" ? withValue.OrderByDescending(key, ByValue) : withValue.OrderBy(key, ByValue);
        return ordered.ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Concat(rows.Where(r => key(r) is null).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }
}

public sealed record SortedRows(IReadOnlyList<ComparisonRow> Rows, string Sort, string Dir);

public sealed record ComparisonPageModel(
    YearMonth Month,
    string? Region,
    IReadOnlyList<string> Regions,
    double RadiusMiles,
    int SmallNumberThreshold,
    SortedRows Establishments,
    SortedRows FamilyGroups,
    ComparisonRow Total)
{
    /// <summary>The page's URL with some query values changed (null removes one).</summary>
    public string Url(string path, params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["month"] = Month.ToString(),
            ["region"] = Region,
            ["sort"] = Establishments.Sort == "name" && Establishments.Dir == "asc" ? null : Establishments.Sort,
            ["dir"] = Establishments.Sort == "name" && Establishments.Dir == "asc" ? null : Establishments.Dir,
            ["gsort"] = FamilyGroups.Sort == "name" && FamilyGroups.Dir == "asc" ? null : FamilyGroups.Sort,
            ["gdir"] = FamilyGroups.Sort == "name" && FamilyGroups.Dir == "asc" ? null : FamilyGroups.Dir,
        };
        foreach (var (k, v) in changes)
        {
            values[k] = v;
        }
        var query = string.Join("&", values.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}"));
        return query.Length == 0 ? path : path + "?" + query;
    }
}

/// <summary>The comparison as CSV, written as every download is (<see cref="TabularExport"/>).</summary>
public static class PopulationCsv
{
    public static string Write(IReadOnlyList<ComparisonRow> rows, bool groups, YearMonth month, double radiusMiles, int threshold)
    {
        string[] header = groups
            ? ["family_group", "month", "establishments", "population", "known_homes", "unknown_homes", "within_radius", "radius_miles", "pli_pct", "median_distance_miles", "mean_distance_miles", "home_in_wales_held_in_england", "home_in_england_held_in_wales"]
            : ["establishment", "name", "region", "family_group", "month", "population", "known_homes", "unknown_homes", "within_radius", "radius_miles", "pli_pct", "median_distance_miles", "mean_distance_miles", "home_in_wales_held_in_england", "home_in_england_held_in_wales"];
        var lines = rows.Select(r =>
        {
            var l = r.Locality;
            IEnumerable<string> cells = groups
                ? [r.Name, month.ToString(), r.Establishments.ToString(CultureInfo.InvariantCulture)]
                : [r.Code ?? "", r.Name, r.Region ?? "", r.FamilyGroup ?? "", month.ToString()];
            return (IReadOnlyList<ExportCell>)cells.Concat([
                r.Population is { } p ? Rounding.Format(p, 1) : "",
                Count(l?.KnownHomes, threshold), Count(l?.UnknownHomes, threshold), Count(l?.WithinRadius, threshold),
                Rounding.Format(radiusMiles, 1),
                Rounding.Format(l?.PliPct, 2), Rounding.Format(l?.MedianMiles, 1), Rounding.Format(l?.MeanMiles, 1),
                Count(r.CrossBorder.HomeInWalesHeldInEngland, threshold), Count(r.CrossBorder.HomeInEnglandHeldInWales, threshold),
            ]).Select(ExportCell.Of).ToList();
        }).ToList();
        // Every cell is text here (counts may read "<5"): all are neutralised.
        return TabularExport.CsvText(new ExportTable("Population", header, lines));
    }

    private static string Count(int? n, int threshold) => SmallNumbers.Display(n, threshold);
}
