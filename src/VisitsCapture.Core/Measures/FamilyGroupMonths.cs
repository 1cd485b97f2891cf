using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Measures;

/// <summary>Which family group each establishment belongs to in a month (membership is effective-dated by month).</summary>
public static class FamilyGroupMonths
{
    /// <summary>
    /// Establishment id → family group id for the memberships in force in <paramref name="month"/>. An establishment
    /// belongs to exactly one group in a month; should overlapping memberships ever be recorded, the one that started
    /// last wins, so the answer is still one group and always the same one.
    /// </summary>
    public static IReadOnlyDictionary<int, int> GroupsIn(IEnumerable<FamilyGroupMembership> memberships, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        return memberships.Where(m => m.Covers(month))
            .GroupBy(m => m.EstablishmentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.FromMonth).ThenByDescending(m => m.Id).First().FamilyGroupId);
    }

    /// <summary>
    /// For a period of several months (a financial quarter): the group each establishment was in at the latest month
    /// of the period in which it belonged to one (an establishment that moved group mid-quarter is compared with the
    /// group it ended the quarter in).
    /// </summary>
    public static IReadOnlyDictionary<int, int> GroupsIn(IEnumerable<FamilyGroupMembership> memberships, IReadOnlyList<YearMonth> months)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(months);
        var list = memberships.ToList();
        var result = new Dictionary<int, int>();
        foreach (var month in months.OrderDescending())
        {
            foreach (var (establishmentId, groupId) in GroupsIn(list, month))
            {
                result.TryAdd(establishmentId, groupId);
            }
        }
        return result;
    }
}
