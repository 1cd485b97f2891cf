using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Returns;

/// <summary>What a return stores besides its counts: the comparison and data-quality findings at generation time.</summary>
public sealed record ReturnDetail(int GroupMembers, IReadOnlyList<KpiInGroup> Kpis, IReadOnlyList<DataQualityFinding> DataQuality)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ReturnDetail FromJson(string json) =>
        JsonSerializer.Deserialize<ReturnDetail>(json, Json) is { Kpis: not null, DataQuality: not null } d ? d : new ReturnDetail(0, [], []);
}

/// <summary>The content hash that decides whether a month's data changed since the last version, and what changed.</summary>
public static class ReturnContent
{
    /// <summary>SHA-256 (hex) over the counts and the family group, in a fixed order and invariant format.</summary>
    public static string Hash(KpiCounts c, string? familyGroup)
    {
        static string D(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
        var text = string.Join('|',
            D(c.Population), c.PlacesAvailable, c.VisitsAttended, c.Visitors, c.ChildVisitors, c.EnhancedFamilyVisits,
            c.PrisonersVisited, c.NoShows, c.SessionsLost, c.KnownHomes, c.UnknownHomes, c.HomesWithinRadius,
            D(c.SumDistanceMiles), D(c.MedianDistanceMiles), c.HasPrisonerLevelSnapshot, familyGroup ?? "-",
            c.HasFamilyContact, c.Arrivals, c.ArrivalsVisited, c.Leavers, c.LeaversVisited, c.NearerToHome);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// "Visits attended 10 → 12; Visits per 100 prisoners 5.00 → 6.00": every reported value that differs as shown
    /// (KPIs at their display precision, population, unknown homes, nearer to home, family group).
    /// </summary>
    public static string Changes(KpiCounts before, string? groupBefore, KpiCounts after, string? groupAfter) =>
        string.Join("; ", ReportedChanges(before, groupBefore, after, groupAfter));

    /// <summary>Each reported value that differs as shown; none when only counts behind the published figures changed.</summary>
    public static IReadOnlyList<string> ReportedChanges(KpiCounts before, string? groupBefore, KpiCounts after, string? groupAfter)
    {
        var changes = new List<string>();
        void Compare(string name, string old, string now)
        {
            if (old != now)
            {
                changes.Add($"{name} {Shown(old)} → {Shown(now)}");
            }
        }
        Compare("Population", ReturnFormat.Population(before.Population), ReturnFormat.Population(after.Population));
        foreach (var kpi in KpiFormulas.All)
        {
            Compare(KpiFormulas.Name(kpi), ReturnFormat.Kpi(kpi, before), ReturnFormat.Kpi(kpi, after));
        }
        var (b, a) = (KpiRollup.Single(before), KpiRollup.Single(after));
        Compare("Unknown homes", ReturnFormat.Count(b.UnknownHomes), ReturnFormat.Count(a.UnknownHomes));
        Compare("Nearer to home", ReturnFormat.Count(b.NearerToHome), ReturnFormat.Count(a.NearerToHome));
        Compare("Family group", groupBefore ?? "", groupAfter ?? "");
        return changes;
    }

    private static string Shown(string value) => value.Length == 0 ? "no data" : value;
}

/// <summary>How return values are written in pages and exports (DESIGN.md: ratios and percentages 2 dp, miles 1 dp, half away from zero; no data = empty).</summary>
public static class ReturnFormat
{
    public static string Kpi(Kpi kpi, KpiCounts c) => Kpi(kpi, KpiRollup.Single(c));

    public static string Kpi(Kpi kpi, KpiRollup figures) => Value(kpi, figures.Value(kpi));

    public static string Value(Kpi kpi, double? value) => KpiFormulas.Format(kpi, value);

    /// <summary>As <see cref="Value(Kpi, double?)"/>, or "&lt;5" where the view withholds it (the one suppression rule, <see cref="KpiDisplay"/>).</summary>
    public static string Value(Kpi kpi, double? value, KpiDisplay display) => display.IsWithheld(kpi, value) ? display.Suppressed : Value(kpi, value);

    public static string Kpi(Kpi kpi, KpiRollup figures, KpiDisplay display) => Value(kpi, figures.Value(kpi), display);

    /// <summary>A whole number as is; an average of several snapshots (e.g. 800.5) to 2 dp.</summary>
    public static string Population(double? population) =>
        population is { } p && p == Math.Floor(p) ? Rounding.Format(p, 0) : Rounding.Format(population, 2);

    /// <summary>A count from the prisoner-level snapshot (unknown homes, nearer to home, <see cref="KpiRollup"/>): empty without one (no data).</summary>
    public static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>As <see cref="Count(int?)"/>, or "&lt;5" where the view withholds it.</summary>
    public static string Count(int? count, KpiDisplay display) => display.IsWithheld(count) ? display.Suppressed : Count(count);

    /// <summary>As <see cref="Count(int?, KpiDisplay)"/>, as a download's cell (a number where shown).</summary>
    public static ExportCell CountCell(int? count, KpiDisplay display) =>
        display.IsWithheld(count) ? ExportCell.Of(display.Suppressed) : ExportCell.Of(count, Count(count));
}
