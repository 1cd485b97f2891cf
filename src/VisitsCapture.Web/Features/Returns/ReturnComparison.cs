using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>One KPI of a return with the establishment's family-group comparison, as stored in the return's detail.</summary>
public sealed record KpiComparison(
    Kpi Kpi, double? Value, int GroupN, double? Min, double? LowerQuartile, double? Median, double? UpperQuartile, double? Max,
    int? Rank, int? QuartilePosition);

/// <summary>An establishment's family group in a month (null when it belongs to none) and every KPI compared within it.</summary>
public sealed record ReturnGroupComparison(string? FamilyGroup, int GroupMembers, IReadOnlyList<KpiComparison> Kpis);

/// <summary>
/// The family-group comparison stored in a monthly return. An interface so that the KPI feature's comparison service
/// can replace <see cref="ReturnComparison"/> without touching the generator.
/// </summary>
public interface IReturnComparison
{
    /// <param name="monthCounts">Counts of every establishment with data in the month (KpiCountsQuery.ForMonthAsync).</param>
    Task<ReturnGroupComparison> CompareAsync(int establishmentId, YearMonth month, IReadOnlyDictionary<int, KpiCounts> monthCounts, CancellationToken ct);
}

/// <summary>
/// Compares an establishment with the members of its family group in the month (memberships effective that month,
/// months inclusive), over members with data, using <see cref="GroupComparison"/>. Memberships are read once per month.
/// </summary>
public sealed class ReturnComparison(VisitsDbContext db) : IReturnComparison
{
    private readonly Dictionary<int, IReadOnlyList<(int EstablishmentId, int GroupId, string Group)>> _memberships = [];

    public async Task<ReturnGroupComparison> CompareAsync(int establishmentId, YearMonth month, IReadOnlyDictionary<int, KpiCounts> monthCounts, CancellationToken ct)
    {
        var memberships = await MembershipsAsync(month, ct);
        var own = memberships.Where(m => m.EstablishmentId == establishmentId).Select(m => ((int, string)?)(m.GroupId, m.Group)).FirstOrDefault();
        var counts = monthCounts.GetValueOrDefault(establishmentId) ?? new KpiCounts();
        if (own is not { } group)
        {
            // No group that month: the establishment's own values, nothing to compare with.
            return new ReturnGroupComparison(null, 0, KpiFormulas.All
                .Select(k => new KpiComparison(k, KpiFormulas.Value(k, counts), 0, null, null, null, null, null, null, null)).ToList());
        }

        var members = memberships.Where(m => m.GroupId == group.Item1).Select(m => m.EstablishmentId).Distinct().ToList();
        var kpis = new List<KpiComparison>();
        foreach (var kpi in KpiFormulas.All)
        {
            // Members without any data that month have no value: they are in the group but not ranked.
            var values = members.ToDictionary(id => id, id => monthCounts.TryGetValue(id, out var c) ? KpiFormulas.Value(kpi, c) : null);
            values[establishmentId] = KpiFormulas.Value(kpi, counts);
            var result = GroupComparison.Compare(values, KpiFormulas.HigherIsBetter(kpi));
            var me = result.Members[establishmentId];
            kpis.Add(new KpiComparison(kpi, me.Value, result.N, result.Min, result.LowerQuartile, result.Median, result.UpperQuartile, result.Max,
                KpiFormulas.HasDirection(kpi) ? me.Rank : null, KpiFormulas.HasDirection(kpi) ? me.QuartilePosition : null));
        }
        return new ReturnGroupComparison(group.Item2, members.Count, kpis);
    }

    private async Task<IReadOnlyList<(int EstablishmentId, int GroupId, string Group)>> MembershipsAsync(YearMonth month, CancellationToken ct)
    {
        if (_memberships.TryGetValue(month.Key, out var cached))
        {
            return cached;
        }
        var key = month.Key;
        var rows = await db.FamilyGroupMemberships.AsNoTracking()
            .Where(m => m.FromMonth <= key && (m.ToMonth == null || m.ToMonth >= key))
            .Select(m => new { m.EstablishmentId, m.FamilyGroupId, m.FamilyGroup!.Name })
            .ToListAsync(ct);
        var list = rows.Select(r => (r.EstablishmentId, r.FamilyGroupId, r.Name)).ToList();
        _memberships[key] = list;
        return list;
    }
}
