using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Standards;

/// <summary>One establishment in a roll-up: the RAG of its latest audit per standard (absent = never audited) and its team measures.</summary>
public sealed record EstablishmentStanding(int EstablishmentId, string? FamilyGroup, string Region, IReadOnlyDictionary<int, Rag> RagByStandard, TeamMeasures Team);

/// <summary>A roll-up row (a family group, a region or the nation).</summary>
public sealed record RollupRow(
    string Name,
    int Establishments,
    IReadOnlyDictionary<int, double?> GreenPctByStandard,
    double? CoordinatorCoveragePct,
    IReadOnlyDictionary<int, double?> TrainingCoveragePctByCourse);

/// <summary>
/// Roll-ups by family group, region and nation. % green = establishments whose latest audit of the standard is green
/// / establishments in the group (one never audited counts as not green); coordinator coverage = % of establishments
/// with a family support coordinator in post; training coverage of a course = members with it current / team
/// members, pooled over the group's establishments (a ratio of sums, so big teams weigh more). No establishments or
/// no team members = no data.
/// </summary>
public static class StandardsRollup
{
    public static RollupRow Of(string name, IReadOnlyCollection<EstablishmentStanding> standings, IReadOnlyList<int> standardIds, IReadOnlyList<int> courseIds)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(standardIds);
        ArgumentNullException.ThrowIfNull(courseIds);
        var n = standings.Count;
        double? Pct(int part, int whole) => whole == 0 ? null : 100.0 * part / whole;
        return new RollupRow(
            name,
            n,
            standardIds.ToDictionary(s => s, s => Pct(standings.Count(e => e.RagByStandard.TryGetValue(s, out var r) && r == Rag.Green), n)),
            Pct(standings.Count(e => e.Team.CoordinatorInPost), n),
            courseIds.ToDictionary(c => c, c => Pct(
                standings.Sum(e => e.Team.Courses.FirstOrDefault(x => x.Course.Id == c)?.Current ?? 0),
                standings.Sum(e => e.Team.TeamSize))));
    }

    public static IReadOnlyList<RollupRow> ByFamilyGroup(IReadOnlyCollection<EstablishmentStanding> standings, IReadOnlyList<int> standardIds, IReadOnlyList<int> courseIds) =>
        standings.Where(e => e.FamilyGroup is not null).GroupBy(e => e.FamilyGroup!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Of(g.Key, g.ToList(), standardIds, courseIds)).ToList();

    public static IReadOnlyList<RollupRow> ByRegion(IReadOnlyCollection<EstablishmentStanding> standings, IReadOnlyList<int> standardIds, IReadOnlyList<int> courseIds) =>
        standings.GroupBy(e => e.Region).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Of(g.Key, g.ToList(), standardIds, courseIds)).ToList();
}
