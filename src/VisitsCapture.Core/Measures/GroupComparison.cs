namespace VisitsCapture.Core.Measures;

/// <summary>A member's place in its family group: rank 1 = best; quartile position 1 = best quarter, 4 = worst.
/// Both are null for a member with no value.</summary>
public sealed record MemberPosition(double? Value, int? Rank, int? QuartilePosition);

/// <summary>A family group's distribution of one KPI (over members with a value) and every member's position.</summary>
public sealed record GroupComparisonResult(
    int N,
    double? Min,
    double? LowerQuartile,
    double? Median,
    double? UpperQuartile,
    double? Max,
    IReadOnlyDictionary<int, MemberPosition> Members);

/// <summary>Family-group comparison of a KPI in a month (DESIGN.md).</summary>
public static class GroupComparison
{
    /// <summary>
    /// Summary statistics are numeric (Min is the smallest value whatever the direction). Quartiles use inclusive
    /// linear interpolation (Excel QUARTILE.INC / R type 7), see <see cref="Statistics.Quartiles"/>; an even
    /// group's median is the mean of the middle two. Ranks are competition ranks by the "better" direction: ties
    /// share the best rank (1, 2, 2, 4). Quartile position is ceil(4·rank/N).
    /// </summary>
    /// <param name="memberValues">Establishment id → KPI value (null = no data: in the result, but not ranked).</param>
    public static GroupComparisonResult Compare(IReadOnlyDictionary<int, double?> memberValues, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(memberValues);
        var values = memberValues.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        var n = values.Count;
        var summary = Statistics.Quartiles(values);

        var members = new Dictionary<int, MemberPosition>();
        foreach (var (id, value) in memberValues)
        {
            if (value is not { } v)
            {
                members[id] = new MemberPosition(null, null, null);
                continue;
            }
            var rank = 1 + values.Count(other => higherIsBetter ? other > v : other < v);
            var quartile = (int)Math.Ceiling(4.0 * rank / n);
            members[id] = new MemberPosition(v, rank, quartile);
        }

        return new GroupComparisonResult(
            n, summary?.Min, summary?.LowerQuartile, summary?.Median, summary?.UpperQuartile, summary?.Max, members);
    }
}
