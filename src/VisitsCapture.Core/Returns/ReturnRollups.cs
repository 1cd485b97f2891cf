using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Returns;

/// <summary>
/// One line of a return table: an establishment's monthly return (with its version and status), or a roll-up of
/// several (a quarter, a family group, a region, the nation) whose counts are summed so its KPIs are ratios of sums.
/// </summary>
public sealed record ReturnRow(
    string Key, string Name, string? Region, string? FamilyGroup, int? Version, ReturnStatus? Status, bool Revised, int Returns, KpiRollup Figures);

/// <summary>A period's returns in every scope of DESIGN.md: per establishment, per family group, per region and nationally.</summary>
public sealed record ReturnRollup(string Period, int MonthsInPeriod, IReadOnlyList<ReturnRow> Establishments, IReadOnlyList<ReturnRow> FamilyGroups,
    IReadOnlyList<ReturnRow> Regions, ReturnRow? National);

/// <summary>The latest version of each monthly return, and its roll-ups, computed from the stored counts as ratios of sums (KpiRollup).</summary>
public sealed class ReturnRollups(VisitsDbContext db)
{
    public const string NoGroup = "(no family group)";
    public const string NationalName = "England and Wales";

    /// <summary>The latest version of every return in the months, for the given establishments (null = all).</summary>
    public async Task<IReadOnlyList<(MonthlyReturn Return, Establishment Establishment, string Region)>> LatestAsync(
        IReadOnlyCollection<YearMonth> months, IReadOnlyCollection<int>? establishmentIds, CancellationToken ct)
    {
        var keys = months.Select(m => m.Key).ToList();
        var query = db.MonthlyReturns.AsNoTracking().Where(r => keys.Contains(r.Month));
        if (establishmentIds is not null)
        {
            query = query.Where(r => establishmentIds.Contains(r.EstablishmentId));
        }
        // Only the latest version of each (establishment, month): no newer version exists.
        var latest = await query
            .Where(r => !db.MonthlyReturns.Any(n => n.EstablishmentId == r.EstablishmentId && n.Month == r.Month && n.Version > r.Version))
            .ToListAsync(ct);
        var ids = latest.Select(r => r.EstablishmentId).Distinct().ToList();
        var establishments = await db.Establishments.AsNoTracking().Include(e => e.History)
            .Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        return latest
            .Select(r => (r, establishments[r.EstablishmentId], establishments[r.EstablishmentId].AttributesOn(YearMonth.FromKey(r.Month).LastDay).Region))
            .OrderBy(x => x.Item2.Code, StringComparer.Ordinal).ThenBy(x => x.r.Month)
            .ToList();
    }

    /// <summary>A month or a quarter in every scope. The national line is only given to users who may see the nation.</summary>
    public async Task<ReturnRollup> RollupAsync(string period, IReadOnlyCollection<YearMonth> months, IReadOnlyCollection<int>? establishmentIds, bool national, CancellationToken ct)
    {
        var latest = await LatestAsync(months, establishmentIds, ct);
        var single = months.Count == 1;
        var perEstablishment = latest.GroupBy(x => x.Establishment.Id).Select(g =>
        {
            var last = g.MaxBy(x => x.Return.Month);
            return new ReturnRow(last.Establishment.Code, last.Establishment.Name, last.Region, last.Return.FamilyGroup,
                single ? last.Return.Version : null, single ? last.Return.Status : null, g.Any(x => x.Return.Revised), g.Count(),
                KpiRollup.Of(g.Select(x => x.Return.Counts).ToList()));
        }).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

        // Several establishments: a roll-up of each one's months, so the population is the sum of their averages.
        static KpiRollup Figures(IReadOnlyCollection<(MonthlyReturn Return, Establishment Establishment, string Region)> rows) =>
            rows.Count == 1
                ? KpiRollup.Single(rows.First().Return.Counts)
                : KpiRollup.Sum(rows.GroupBy(x => x.Establishment.Id).Select(e => KpiRollup.Of(e.Select(x => x.Return.Counts).ToList())));

        static List<ReturnRow> By(IEnumerable<(MonthlyReturn Return, Establishment Establishment, string Region)> rows, Func<(MonthlyReturn Return, Establishment Establishment, string Region), string> key) =>
            rows.GroupBy(key).Select(g => new ReturnRow(g.Key, g.Key, null, null, null, null, g.Any(x => x.Return.Revised), g.Count(),
                Figures(g.ToList()))).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

        var groups = By(latest, x => x.Return.FamilyGroup ?? NoGroup);
        var regions = By(latest, x => string.IsNullOrWhiteSpace(x.Region) ? "(no region)" : x.Region);
        var nation = national && latest.Count > 0
            ? new ReturnRow(NationalName, NationalName, null, null, null, null, latest.Any(x => x.Return.Revised), latest.Count, Figures(latest))
            : null;
        return new ReturnRollup(period, months.Count, perEstablishment, groups, regions, nation);
    }
}
