using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Population;

/// <summary>
/// The snapshots that count for one establishment in one month (DESIGN.md "Precisely"): the population P is the
/// average of every snapshot in the month (prisoner-level row counts or given counts); distances, bands, PLI and
/// unknown homes come from the latest prisoner-level snapshot in the month.
/// </summary>
public sealed record MonthSnapshots(int EstablishmentId, YearMonth Month, double Population, int SnapshotCount, int? PrisonerLevelSnapshotId, DateOnly? PrisonerLevelDate);

/// <summary>An establishment's measures in one month: no population when it had no snapshot, no locality without a prisoner-level one.</summary>
public sealed record MonthMeasures(YearMonth Month, double? Population, int SnapshotCount, DateOnly? PrisonerLevelDate, LocalityResult? Locality);

/// <summary>Prisoners grouped by one attribute (home source, local authority, region), with their distance measures.</summary>
public sealed record Breakdown(string Label, int Prisoners, LocalityResult Locality);

/// <summary>Population movement between two months with prisoner-level snapshots.</summary>
public sealed record Movement(YearMonth From, DateOnly FromDate, YearMonth To, DateOnly ToDate, MovementResult Result);

/// <summary>Prisoners whose home is in the other nation: in Wales while held in England, or in England while held in Wales.</summary>
public sealed record CrossBorder(int HomeInWalesHeldInEngland, int HomeInEnglandHeldInWales);

/// <summary>Everything the establishment's "Population and distance from home" page shows for a month.</summary>
public sealed record EstablishmentPopulation(
    YearMonth Month,
    MonthMeasures Current,
    IReadOnlyList<MonthMeasures> Trend,
    Movement? Movement,
    IReadOnlyList<Breakdown> Sources,
    IReadOnlyList<Breakdown> LocalAuthorities,
    IReadOnlyList<Breakdown> Regions,
    CrossBorder CrossBorder,
    IReadOnlyList<(string Reason, int Prisoners)> UnknownReasons);

/// <summary>One line of the regional and national comparison: an establishment, a family group or all of them.</summary>
public sealed record ComparisonRow(
    string Name,
    string? Code,
    string? Region,
    string? FamilyGroup,
    int Establishments,
    double? Population,
    LocalityResult? Locality,
    CrossBorder CrossBorder);

public sealed record Comparison(IReadOnlyList<ComparisonRow> Establishments, IReadOnlyList<ComparisonRow> FamilyGroups, ComparisonRow Total);

/// <summary>
/// Population, distance from home and the population locality index, per establishment and month, with movement
/// and breakdowns; and the same for many establishments, rolled up by family group as ratios of sums (a group's
/// PLI is its members' prisoners within the radius over their known homes, its median the median of them all).
/// </summary>
public sealed class PopulationMeasures(VisitsDbContext db, HomeDistances homes, PostcodeDistrictTable districts, FamilyGroups membership, IOptions<MeasuresOptions> options)
{
    public const int TrendMonths = 24;
    public const int TopLocalAuthorities = 10;

    public double RadiusMiles => options.Value.LocalRadiusMiles;

    /// <summary>A month asked for in a URL: YYYY-MM within years the service can report (and compute 24 months back from).</summary>
    public static bool TryParseMonth(string? text, out YearMonth month) =>
        YearMonth.TryParse(text, out month) && month.Year is >= 2000 and <= 2100;

    /// <summary>
    /// The snapshots that count in each month from <paramref name="from"/> to <paramref name="to"/>, per establishment
    /// (only those with a snapshot); <paramref name="establishmentIds"/> null means every establishment. The one
    /// place of the rule: the KPIs (KpiCountsQuery) and the population pages both read it.
    /// </summary>
    public async Task<IReadOnlyList<MonthSnapshots>> MonthsAsync(IReadOnlyCollection<int>? establishmentIds, YearMonth from, YearMonth to, CancellationToken ct)
    {
        // Filtered in the query itself (not "@all OR ..."), so that the per-establishment index is used.
        var rows = establishmentIds is null ? db.PopulationSnapshots : db.PopulationSnapshots.Where(s => establishmentIds.Contains(s.EstablishmentId));
        var snapshots = await rows.AsNoTracking()
            .Where(s => s.Month >= from.Key && s.Month <= to.Key)
            .Select(s => new { s.Id, s.EstablishmentId, s.Month, s.SnapshotDate, s.Kind, s.Population })
            .ToListAsync(ct);
        return snapshots
            .GroupBy(s => (s.EstablishmentId, s.Month))
            .Select(g =>
            {
                var latest = g.Where(s => s.Kind == PopulationSnapshotKind.PrisonerLevel).MaxBy(s => s.SnapshotDate);
                return new MonthSnapshots(g.Key.EstablishmentId, YearMonth.FromKey(g.Key.Month), g.Average(s => (double)s.Population),
                    g.Count(), latest?.Id, latest?.SnapshotDate);
            })
            .ToList();
    }

    /// <summary>Distance measures and PLI of each snapshot from its prisoners' distances already worked out (HomeDistances).</summary>
    public IReadOnlyDictionary<int, LocalityResult> Locality(IReadOnlyDictionary<int, IReadOnlyList<PrisonerHome>> distances) =>
        distances.ToDictionary(d => d.Key, d => LocalityIndex.Compute(d.Value.Select(h => h.Miles), RadiusMiles));

    /// <summary>The latest month with any snapshot of the establishment, or null when it has none.</summary>
    public async Task<YearMonth?> LatestMonthAsync(int establishmentId, CancellationToken ct)
    {
        var key = await db.PopulationSnapshots.AsNoTracking().Where(s => s.EstablishmentId == establishmentId)
            .MaxAsync(s => (int?)s.Month, ct);
        return key is { } k ? YearMonth.FromKey(k) : null;
    }

    /// <summary>The latest month with any snapshot of any of the establishments.</summary>
    public async Task<YearMonth?> LatestMonthAsync(IReadOnlyCollection<int> establishmentIds, CancellationToken ct)
    {
        var key = await db.PopulationSnapshots.AsNoTracking().Where(s => establishmentIds.Contains(s.EstablishmentId))
            .MaxAsync(s => (int?)s.Month, ct);
        return key is { } k ? YearMonth.FromKey(k) : null;
    }

    public async Task<EstablishmentPopulation> ForEstablishmentAsync(Establishment establishment, YearMonth month, CancellationToken ct)
    {
        var radius = RadiusMiles;
        var months = (await MonthsAsync([establishment.Id], month.AddMonths(1 - TrendMonths), month, ct)).ToDictionary(m => m.Month);

        // Movement compares this month's snapshot with the latest prisoner-level one of an earlier month.
        var previous = months.TryGetValue(month, out var now) && now.PrisonerLevelSnapshotId is not null
            ? await db.PopulationSnapshots.AsNoTracking()
                .Where(s => s.EstablishmentId == establishment.Id && s.Kind == PopulationSnapshotKind.PrisonerLevel && s.Month < month.Key)
                .OrderByDescending(s => s.SnapshotDate)
                .Select(s => new { s.Id, s.SnapshotDate })
                .FirstOrDefaultAsync(ct)
            : null;

        var snapshotIds = months.Values.Where(m => m.PrisonerLevelSnapshotId is not null).Select(m => m.PrisonerLevelSnapshotId!.Value).ToList();
        if (previous is not null && !snapshotIds.Contains(previous.Id))
        {
            snapshotIds.Add(previous.Id);
        }
        var distances = await homes.ForSnapshotsAsync(snapshotIds, ct);

        var trend = YearMonth.Range(month.AddMonths(1 - TrendMonths), month).Select(m => months.TryGetValue(m, out var s)
            ? new MonthMeasures(m, s.Population, s.SnapshotCount, s.PrisonerLevelDate,
                s.PrisonerLevelSnapshotId is { } id ? LocalityIndex.Compute(distances[id].Select(h => h.Miles), radius) : null)
            : new MonthMeasures(m, null, 0, null, null)).ToList();
        var current = trend[^1];

        var prisoners = now?.PrisonerLevelSnapshotId is { } currentId ? distances[currentId] : [];
        Movement? movement = null;
        if (previous is not null && now?.PrisonerLevelSnapshotId is { } toId)
        {
            var result = PopulationMovement.Decompose(ByPrisoner(distances[previous.Id]), ByPrisoner(distances[toId]), radius);
            movement = new Movement(YearMonth.Of(previous.SnapshotDate), previous.SnapshotDate, month, now.PrisonerLevelDate!.Value, result);
        }

        var areas = await districts.AllAsync(ct);
        DistrictArea? AreaOf(PrisonerHome h) => h.District is not null && areas.TryGetValue(h.District, out var a) ? a : null;

        return new EstablishmentPopulation(
            month,
            current,
            trend,
            movement,
            Group(prisoners, h => h.Source, radius)
                .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key)
                .Select(g => new Breakdown(SourceLabel(g.Key), g.Count, g.Locality)).ToList(),
            Group(prisoners, h => AreaOf(h)?.LocalAuthorityName, radius)
                .OrderBy(g => g.Key is null).ThenByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(TopLocalAuthorities)
                .Select(g => new Breakdown(g.Key ?? "Not known", g.Count, g.Locality)).ToList(),
            Group(prisoners, h => AreaOf(h) is { } a ? a.Region ?? a.Country : null, radius)
                .OrderBy(g => g.Key is null).ThenByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Breakdown(g.Key ?? "Not known", g.Count, g.Locality)).ToList(),
            CrossBorderOf(NationOf(establishment.AttributesOn(month.LastDay).Region), prisoners, areas),
            prisoners.Where(h => h.Miles is null).GroupBy(h => h.UnknownReason ?? UnknownHome.NoPostcode)
                .OrderByDescending(g => g.Count()).Select(g => (g.Key, g.Count())).ToList());
    }

    /// <summary>
    /// The month's figures for each establishment, each family group (membership effective that month, over the
    /// establishments given) and all of them together.
    /// </summary>
    public async Task<Comparison> CompareAsync(IReadOnlyList<Establishment> establishments, YearMonth month, CancellationToken ct)
    {
        var radius = RadiusMiles;
        var ids = establishments.Select(e => e.Id).ToList();
        var withHistory = await db.Establishments.AsNoTracking().Include(e => e.History)
            .Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var months = (await MonthsAsync(ids, month, month, ct)).ToDictionary(m => m.EstablishmentId);
        var distances = await homes.ForSnapshotsAsync(
            months.Values.Where(m => m.PrisonerLevelSnapshotId is not null).Select(m => m.PrisonerLevelSnapshotId!.Value).ToList(), ct);
        var areas = await districts.AllAsync(ct);
        var groupOf = await membership.MembershipsAsync(month, ct);

        var members = new List<(ComparisonRow Row, IReadOnlyList<PrisonerHome> Prisoners)>();
        foreach (var e in establishments)
        {
            var at = withHistory.TryGetValue(e.Id, out var full) ? full.AttributesOn(month.LastDay) : EstablishmentAttributes.Of(e, month.LastDay);
            months.TryGetValue(e.Id, out var m);
            IReadOnlyList<PrisonerHome> prisoners = m?.PrisonerLevelSnapshotId is { } id ? distances[id] : [];
            var row = new ComparisonRow(at.Name, e.Code, at.Region, groupOf.GetValueOrDefault(e.Id)?.Name, 1, m?.Population,
                m?.PrisonerLevelSnapshotId is null ? null : LocalityIndex.Compute(prisoners.Select(h => h.Miles), radius),
                CrossBorderOf(NationOf(at.Region), prisoners, areas));
            members.Add((row, prisoners));
        }

        ComparisonRow RollUp(string name, IReadOnlyList<(ComparisonRow Row, IReadOnlyList<PrisonerHome> Prisoners)> rows) => new(
            name, null, null, null, rows.Count,
            rows.Any(r => r.Row.Population is not null) ? rows.Sum(r => r.Row.Population ?? 0) : null,
            rows.Any(r => r.Row.Locality is not null) ? LocalityIndex.Compute(rows.SelectMany(r => r.Prisoners).Select(h => h.Miles), radius) : null,
            new CrossBorder(rows.Sum(r => r.Row.CrossBorder.HomeInWalesHeldInEngland), rows.Sum(r => r.Row.CrossBorder.HomeInEnglandHeldInWales)));

        var familyGroups = members.Where(m => m.Row.FamilyGroup is not null)
            .GroupBy(m => m.Row.FamilyGroup!)
            .Select(g => RollUp(g.Key, g.ToList()))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new Comparison(members.Select(m => m.Row).ToList(), familyGroups, RollUp("All establishments shown", members));
    }

    public static Nation NationOf(string? establishmentRegion) =>
        string.Equals(establishmentRegion?.Trim(), "Wales", StringComparison.OrdinalIgnoreCase) ? Nation.Wales : Nation.England;

    public static string SourceLabel(HomeSource? source) => source switch
    {
        HomeSource.Home => "Home address",
        HomeSource.Court => "Committal court",
        HomeSource.NextOfKin => "Next of kin",
        HomeSource.Discharge => "Discharge address",
        _ => "Not recorded",
    };

    private static CrossBorder CrossBorderOf(Nation heldIn, IEnumerable<PrisonerHome> prisoners, IReadOnlyDictionary<string, DistrictArea> areas)
    {
        var other = heldIn == Nation.England ? "Wales" : "England";
        var count = prisoners.Count(h => h.District is not null && areas.TryGetValue(h.District, out var a)
            && string.Equals(a.Country, other, StringComparison.OrdinalIgnoreCase));
        return heldIn == Nation.England ? new CrossBorder(count, 0) : new CrossBorder(0, count);
    }

    private static IEnumerable<(TKey Key, int Count, LocalityResult Locality)> Group<TKey>(
        IEnumerable<PrisonerHome> prisoners, Func<PrisonerHome, TKey> key, double radius) =>
        prisoners.GroupBy(key).Select(g => (g.Key, g.Count(), LocalityIndex.Compute(g.Select(h => h.Miles), radius)));

    private static Dictionary<string, double?> ByPrisoner(IEnumerable<PrisonerHome> prisoners) =>
        prisoners.ToDictionary(h => h.Prisoner, h => h.Miles, StringComparer.Ordinal);
}

public enum Nation
{
    England,
    Wales,
}
