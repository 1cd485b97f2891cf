using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Kpis;

/// <summary>An establishment as reported in a period: its region is the one in force at the end of the period.</summary>
public sealed record EstablishmentRef(int Id, string Code, string Name, string Region);

/// <summary>
/// Every establishment's KPIs in one period (a month or a financial quarter), compared within family groups, with
/// regional and national roll-ups and the targets that apply. Built from the <see cref="MonthlyKpi"/> summary table.
/// </summary>
public sealed class PeriodKpis
{
    private readonly Dictionary<(int GroupId, Kpi Kpi), GroupComparisonResult> _comparisons = [];
    private readonly Dictionary<int, KpiRollup> _groupTotals = [];
    private readonly IReadOnlyList<KpiTarget> _targets;

    internal PeriodKpis(KpiPeriod period, IReadOnlyDictionary<int, EstablishmentRef> establishments, IReadOnlyDictionary<int, KpiRollup> values,
        IReadOnlyDictionary<int, GroupRef> groupOf, IReadOnlyList<KpiTarget> targets, double defaultTolerancePct)
    {
        Period = period;
        Establishments = establishments;
        Values = values;
        GroupOf = groupOf;
        _targets = targets;
        DefaultTolerancePct = defaultTolerancePct;
        Groups = groupOf.Values.DistinctBy(g => g.Id).OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();
        National = KpiRollup.Sum(values.Values);
        Regions = values.GroupBy(v => establishments[v.Key].Region)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, KpiRollup.Sum(g.Select(v => v.Value))))
            .ToList();
    }

    public KpiPeriod Period { get; }
    public IReadOnlyDictionary<int, EstablishmentRef> Establishments { get; }

    /// <summary>Establishment id → KPI values, for establishments with any data in the period.</summary>
    public IReadOnlyDictionary<int, KpiRollup> Values { get; }

    /// <summary>Establishment id → its family group in the period.</summary>
    public IReadOnlyDictionary<int, GroupRef> GroupOf { get; }

    /// <summary>The groups with members in the period, by name.</summary>
    public IReadOnlyList<GroupRef> Groups { get; }

    public double DefaultTolerancePct { get; }

    /// <summary>The nation: ratios of sums over every establishment with data.</summary>
    public KpiRollup National { get; }

    /// <summary>Each region (as the establishments were in the period): ratios of sums.</summary>
    public IReadOnlyList<(string Region, KpiRollup Values)> Regions { get; }

    public KpiRollup? ValuesOf(int establishmentId) => Values.GetValueOrDefault(establishmentId);

    public double? Value(int establishmentId, Kpi kpi) => ValuesOf(establishmentId)?.Value(kpi);

    public GroupRef? GroupOfEstablishment(int establishmentId) => GroupOf.GetValueOrDefault(establishmentId);

    /// <summary>The group's members in the period (with data or not), by name.</summary>
    public IReadOnlyList<EstablishmentRef> Members(GroupRef group) =>
        GroupOf.Where(g => g.Value.Id == group.Id).Select(g => Establishments[g.Key])
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The group's statistics and each member's rank for one KPI (members without data are not ranked).</summary>
    public GroupComparisonResult Compare(GroupRef group, Kpi kpi)
    {
        if (!_comparisons.TryGetValue((group.Id, kpi), out var result))
        {
            var values = Members(group).ToDictionary(e => e.Id, e => Value(e.Id, kpi));
            result = _comparisons[(group.Id, kpi)] = KpiComparison.Compare(kpi, values);
        }
        return result;
    }

    /// <summary>The group as a whole: ratios of sums over its members.</summary>
    public KpiRollup GroupTotal(GroupRef group)
    {
        if (!_groupTotals.TryGetValue(group.Id, out var total))
        {
            total = _groupTotals[group.Id] = KpiRollup.Sum(Members(group).Where(e => Values.ContainsKey(e.Id)).Select(e => Values[e.Id]));
        }
        return total;
    }

    /// <summary>The target that applies to the establishment's KPI in the period (its own, else its group's).</summary>
    public KpiTarget? Target(int establishmentId, Kpi kpi) =>
        KpiTargets.Applicable(_targets, kpi, establishmentId, GroupOfEstablishment(establishmentId)?.Id, Period.Last);

    /// <summary>The family group's own target for the KPI in the period.</summary>
    public KpiTarget? GroupTarget(GroupRef group, Kpi kpi) =>
        KpiTargets.Applicable(_targets.Where(t => t.EstablishmentId is null), kpi, 0, group.Id, Period.Last);

    public Rag Rag(KpiTarget? target, double? value) =>
        target is null ? Core.Measures.Rag.None : KpiTargets.Status(target, value, DefaultTolerancePct);
}

/// <summary>Builds <see cref="PeriodKpis"/> for months and quarters from the summary table.</summary>
public sealed class KpiEngine(VisitsDbContext db, MonthlyKpiStore store, FamilyGroups groups, IOptions<MeasuresOptions> options)
{
    public async Task<PeriodKpis> ForPeriodAsync(KpiPeriod period, CancellationToken ct = default)
    {
        var counts = await store.CountsAsync(period.Months, ct);
        var groupOf = period.IsQuarter
            ? await groups.MembershipsForPeriodAsync(period.Months, ct)
            : await groups.MembershipsAsync(period.First, ct);
        return await BuildAsync(period, counts, groupOf, ct);
    }

    /// <summary>One <see cref="PeriodKpis"/> per month (for trends), from one read of the summary table.</summary>
    public async Task<IReadOnlyDictionary<YearMonth, PeriodKpis>> ForMonthsAsync(IReadOnlyList<YearMonth> months, CancellationToken ct = default)
    {
        var counts = await store.CountsAsync(months, ct);
        var memberships = await groups.MembershipsAsync(months, ct);
        var result = new Dictionary<YearMonth, PeriodKpis>();
        foreach (var month in months.Distinct())
        {
            result[month] = await BuildAsync(KpiPeriod.Of(month), counts.Where(c => c.Month == month).ToList(), memberships[month], ct);
        }
        return result;
    }

    private List<KpiTarget>? _targets;
    private Dictionary<int, Establishment>? _establishments;

    private async Task<PeriodKpis> BuildAsync(KpiPeriod period, IReadOnlyList<MonthlyCounts> counts, IReadOnlyDictionary<int, GroupRef> groupOf, CancellationToken ct)
    {
        _establishments ??= await db.Establishments.AsNoTracking().Include(e => e.History).ToDictionaryAsync(e => e.Id, ct);
        _targets ??= await db.Targets.AsNoTracking().ToListAsync(ct);
        var end = period.Last.LastDay;
        var establishments = _establishments.Values.ToDictionary(e => e.Id, e =>
        {
            var a = e.AttributesOn(end);
            return new EstablishmentRef(e.Id, e.Code, a.Name, a.Region);
        });
        var values = counts.Where(c => period.Months.Contains(c.Month) && establishments.ContainsKey(c.EstablishmentId))
            .GroupBy(c => c.EstablishmentId)
            .ToDictionary(g => g.Key, g => period.IsQuarter ? KpiRollup.Sum(g.Select(c => c.Counts)) : KpiRollup.Single(g.Single().Counts));
        var members = groupOf.Where(g => establishments.ContainsKey(g.Key)).ToDictionary();
        return new PeriodKpis(period, establishments, values, members, _targets, options.Value.RagAmberTolerancePct);
    }
}
