using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Kpis;

/// <summary>A family group by id and name.</summary>
public sealed record GroupRef(int Id, string Name);

/// <summary>Family groups and their month-effective membership.</summary>
public sealed class FamilyGroups(VisitsDbContext db)
{
    /// <summary>The family group of each establishment in the month (the membership in force that month).
    /// Establishments in no group that month are absent.</summary>
    public async Task<IReadOnlyDictionary<int, GroupRef>> MembershipsAsync(YearMonth month, CancellationToken ct = default) =>
        (await MembershipsAsync([month], ct))[month];

    /// <summary>The family group of each establishment in each of the months.</summary>
    public async Task<IReadOnlyDictionary<YearMonth, IReadOnlyDictionary<int, GroupRef>>> MembershipsAsync(IReadOnlyCollection<YearMonth> months, CancellationToken ct = default)
    {
        var (memberships, groups) = await LoadAsync(months, ct);
        return months.Distinct().ToDictionary(m => m, IReadOnlyDictionary<int, GroupRef> (m) => Resolve(FamilyGroupMonths.GroupsIn(memberships, m), groups));
    }

    /// <summary>For a period of several months: the group each establishment ended the period in
    /// (see <see cref="FamilyGroupMonths.GroupsIn(IEnumerable{FamilyGroupMembership}, IReadOnlyList{YearMonth})"/>).</summary>
    public async Task<IReadOnlyDictionary<int, GroupRef>> MembershipsForPeriodAsync(IReadOnlyList<YearMonth> months, CancellationToken ct = default)
    {
        var (memberships, groups) = await LoadAsync(months, ct);
        return Resolve(FamilyGroupMonths.GroupsIn(memberships, months), groups);
    }

    public async Task<IReadOnlyList<GroupRef>> AllAsync(CancellationToken ct = default) =>
        await db.FamilyGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new GroupRef(g.Id, g.Name)).ToListAsync(ct);

    /// <summary>The group with this name (case-insensitive), or null.</summary>
    public async Task<GroupRef?> FindAsync(string? name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var all = await AllAsync(ct);
        return all.FirstOrDefault(g => string.Equals(g.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private async Task<(List<FamilyGroupMembership> Memberships, Dictionary<int, GroupRef> Groups)> LoadAsync(IReadOnlyCollection<YearMonth> months, CancellationToken ct)
    {
        if (months.Count == 0)
        {
            return ([], []);
        }
        var from = months.Min().Key;
        var to = months.Max().Key;
        var memberships = await db.FamilyGroupMemberships.AsNoTracking()
            .Where(m => m.FromMonth <= to && (m.ToMonth == null || m.ToMonth >= from))
            .ToListAsync(ct);
        var groups = await db.FamilyGroups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => new GroupRef(g.Id, g.Name), ct);
        return (memberships, groups);
    }

    private static Dictionary<int, GroupRef> Resolve(IReadOnlyDictionary<int, int> groupOf, Dictionary<int, GroupRef> groups) =>
        groupOf.Where(g => groups.ContainsKey(g.Value)).ToDictionary(g => g.Key, g => groups[g.Value]);
}
