using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Impact;

/// <summary>One month of an impact chart: the KPI at the establishment and at its comparators pooled (ratio of sums).</summary>
public sealed record ImpactPoint(YearMonth Month, double? Establishment, double? Comparators);

/// <summary>An intervention with its impact on each of the four KPIs, its comparators and the monthly series behind them.</summary>
public sealed record InterventionReport(
    Intervention Intervention,
    EstablishmentRef Establishment,
    GroupRef? FamilyGroup,
    ImpactWindow Window,
    IReadOnlyList<EstablishmentRef> Comparators,
    IReadOnlyList<Impact> Impacts,
    IReadOnlyDictionary<Kpi, IReadOnlyList<ImpactPoint>> Series)
{
    public Impact On(Kpi kpi) => Impacts.Single(i => i.Kpi == kpi);
}

/// <summary>
/// Measures interventions (DESIGN.md "What works") from the monthly KPI counts of the <see cref="MonthlyKpi"/> summary
/// table (the dashboard's source), with the family-group memberships and every intervention for the comparators, and
/// the window W of <see cref="ImpactOptions"/>. The arithmetic is <see cref="InterventionImpact"/>'s.
/// </summary>
public sealed class ImpactQuery(VisitsDbContext db, MonthlyKpiStore store, IOptions<ImpactOptions> options)
{
    public int WindowMonths => options.Value.WindowMonths;

    /// <summary>Every intervention, measured.</summary>
    public Task<IReadOnlyList<InterventionReport>> AllAsync(CancellationToken ct = default) => MeasureAsync(null, null, ct);

    /// <summary>An establishment's interventions, measured, latest first.</summary>
    public Task<IReadOnlyList<InterventionReport>> ForEstablishmentAsync(int establishmentId, CancellationToken ct = default) =>
        MeasureAsync(establishmentId, null, ct);

    /// <summary>One intervention of the establishment, measured; null when it has no such intervention.</summary>
    public async Task<InterventionReport?> ForInterventionAsync(int establishmentId, int interventionId, CancellationToken ct = default) =>
        (await MeasureAsync(establishmentId, interventionId, ct)).SingleOrDefault();

    private async Task<IReadOnlyList<InterventionReport>> MeasureAsync(int? establishmentId, int? interventionId, CancellationToken ct)
    {
        // Every intervention is needed to exclude comparators with one of the same kind in the window.
        var all = await db.Interventions.AsNoTracking().ToListAsync(ct);
        var selected = all.Where(i => (establishmentId is null || i.EstablishmentId == establishmentId) && (interventionId is null || i.Id == interventionId))
            .OrderByDescending(i => i.StartDate).ThenBy(i => i.Kind).ThenBy(i => i.Id)
            .ToList();
        if (selected.Count == 0)
        {
            return [];
        }
        var windows = selected.ToDictionary(i => i.Id, i => new ImpactWindow(i.StartMonth, WindowMonths));
        var months = windows.Values.SelectMany(w => YearMonth.Range(w.Start.AddMonths(-w.Months), w.Start.AddMonths(w.Months))).Distinct().ToList();
        var counts = (await store.CountsAsync(months, ct))
            .GroupBy(c => c.EstablishmentId)
            .ToDictionary(g => g.Key, IReadOnlyDictionary<YearMonth, KpiCounts> (g) => g.ToDictionary(c => c.Month, c => c.Counts));
        var memberships = await db.FamilyGroupMemberships.AsNoTracking().ToListAsync(ct);
        var groups = await db.FamilyGroups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => new GroupRef(g.Id, g.Name), ct);
        var establishments = await db.Establishments.AsNoTracking()
            .ToDictionaryAsync(e => e.Id, e => new EstablishmentRef(e.Id, e.Code, e.Name, e.Region), ct);
        var kinds = all.Select(i => (i.EstablishmentId, i.Kind, i.StartMonth)).ToList();
        IReadOnlyDictionary<YearMonth, KpiCounts> none = new Dictionary<YearMonth, KpiCounts>();

        var reports = new List<InterventionReport>();
        foreach (var intervention in selected)
        {
            var window = windows[intervention.Id];
            var comparators = InterventionImpact.Comparators(intervention.EstablishmentId, intervention.Kind, window, memberships, kinds);
            var mine = counts.GetValueOrDefault(intervention.EstablishmentId) ?? none;
            var theirs = comparators.Select(c => counts.GetValueOrDefault(c) ?? none).ToList();
            var impacts = InterventionImpact.Kpis.Select(k => InterventionImpact.Measure(k, window, mine, theirs)).ToList();
            var span = YearMonth.Range(window.Start.AddMonths(-window.Months), window.Start.AddMonths(window.Months)).ToList();
            var series = InterventionImpact.Kpis.ToDictionary(k => k, IReadOnlyList<ImpactPoint> (k) => span.Select(m => new ImpactPoint(
                m,
                mine.GetValueOrDefault(m) is { } c ? KpiFormulas.Value(k, c) : null,
                Pooled(k, theirs.Select(t => t.GetValueOrDefault(m))))).ToList());
            var groupOf = FamilyGroupMonths.GroupsIn(memberships, window.Start);
            var group = groupOf.TryGetValue(intervention.EstablishmentId, out var g) ? groups.GetValueOrDefault(g) : null;
            reports.Add(new InterventionReport(
                intervention,
                establishments[intervention.EstablishmentId],
                group,
                window,
                comparators.Select(c => establishments[c]).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList(),
                impacts,
                series));
        }
        return reports;
    }

    /// <summary>The comparators' KPI in one month as a ratio of sums over those with a value that month (as the window's sides are).</summary>
    private static double? Pooled(Kpi kpi, IEnumerable<KpiCounts?> month)
    {
        var counted = month.OfType<KpiCounts>().Where(c => KpiFormulas.Value(kpi, c) is not null).ToList();
        return counted.Count == 0 ? null : KpiRollup.Sum(counted).Value(kpi);
    }
}
