using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Returns;

/// <summary>One KPI of a return with the establishment's family-group comparison, as stored in the return's detail.</summary>
public sealed record KpiInGroup(
    Kpi Kpi, double? Value, int GroupN, double? Min, double? LowerQuartile, double? Median, double? UpperQuartile, double? Max,
    int? Rank, int? QuartilePosition);

/// <summary>An establishment's family group in a month (null when it belongs to none) and every KPI compared within it.</summary>
public sealed record ReturnGroupComparison(string? FamilyGroup, int GroupMembers, IReadOnlyList<KpiInGroup> Kpis);

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
/// Compares an establishment with the members of its family group in the month, exactly as the KPI pages do: the
/// membership in force that month (<see cref="FamilyGroups"/>) and values compared as published (<see cref="Core.Measures.KpiComparison"/>).
/// </summary>
public sealed class ReturnComparison(FamilyGroups groups) : IReturnComparison
{
    private readonly Dictionary<YearMonth, IReadOnlyDictionary<int, GroupRef>> _memberships = [];

    // A run compares every member of a group with the same group figures: each group's comparison of a KPI is made once
    // per month's counts and shared by its members (a member without data is compared afresh, see below).
    private IReadOnlyDictionary<int, KpiCounts>? _comparedCounts;
    private readonly Dictionary<(int GroupId, Kpi Kpi), GroupComparisonResult> _comparisons = [];

    public async Task<ReturnGroupComparison> CompareAsync(int establishmentId, YearMonth month, IReadOnlyDictionary<int, KpiCounts> monthCounts, CancellationToken ct)
    {
        if (!_memberships.TryGetValue(month, out var memberships))
        {
            memberships = _memberships[month] = await groups.MembershipsAsync(month, ct);
        }
        var counts = monthCounts.GetValueOrDefault(establishmentId) ?? new KpiCounts();
        if (!memberships.TryGetValue(establishmentId, out var group))
        {
            // No group that month: the establishment's own values, nothing to compare with.
            return new ReturnGroupComparison(null, 0, KpiFormulas.All
                .Select(k => new KpiInGroup(k, KpiFormulas.Value(k, counts), 0, null, null, null, null, null, null, null)).ToList());
        }

        var members = memberships.Where(m => m.Value.Id == group.Id).Select(m => m.Key).ToList();
        if (!ReferenceEquals(monthCounts, _comparedCounts))
        {
            _comparisons.Clear();
            _comparedCounts = monthCounts;
        }
        // An establishment without data is valued from empty counts in its own comparison (places available 0), so the
        // shared comparison, where it has no value, is not its own.
        var shared = monthCounts.ContainsKey(establishmentId);
        var kpis = new List<KpiInGroup>();
        foreach (var kpi in KpiFormulas.All)
        {
            if (!shared || !_comparisons.TryGetValue((group.Id, kpi), out var result))
            {
                // Members without any data that month have no value: they are in the group but not ranked.
                var values = members.ToDictionary(id => id, id => monthCounts.TryGetValue(id, out var c) ? KpiFormulas.Value(kpi, c) : null);
                values[establishmentId] = KpiFormulas.Value(kpi, counts);
                result = Core.Measures.KpiComparison.Compare(kpi, values);
                if (shared)
                {
                    _comparisons[(group.Id, kpi)] = result;
                }
            }
            var me = result.Members[establishmentId];
            kpis.Add(new KpiInGroup(kpi, KpiFormulas.Value(kpi, counts), result.N, result.Min, result.LowerQuartile, result.Median, result.UpperQuartile, result.Max,
                me.Rank, me.QuartilePosition));
        }
        return new ReturnGroupComparison(group.Name, members.Count, kpis);
    }
}
