using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Standards;

/// <summary>A team member as the measures need: role, dates and their latest completion of each course (course id → date).</summary>
public sealed record MemberFact(TeamRole Role, DateOnly StartDate, DateOnly? EndDate, IReadOnlyDictionary<int, DateOnly> LatestCompletions)
{
    /// <summary>In post on a day: started on or before it and not yet ended (the end date is the last day in post).</summary>
    public bool InPostOn(DateOnly day) => StartDate <= day && (EndDate is null || EndDate >= day);
}

public sealed record CourseFact(int Id, string Name, int RefreshMonths);

/// <summary>One course across a team: members with it current, of the team size.</summary>
public sealed record CourseCoverage(CourseFact Course, int Current, int TeamSize)
{
    /// <summary>% of the team with the course current; null (no data) with no team.</summary>
    public double? Pct => TeamSize == 0 ? null : 100.0 * Current / TeamSize;
}

/// <summary>DESIGN.md's team measures on a day: team size, % of the current team with each course current, coordinator in post.</summary>
public sealed record TeamMeasures(int TeamSize, bool CoordinatorInPost, IReadOnlyList<CourseCoverage> Courses)
{
    public static TeamMeasures Of(IEnumerable<MemberFact> members, IReadOnlyList<CourseFact> courses, DateOnly today, int graceMonths)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(courses);
        var team = members.Where(m => m.InPostOn(today)).ToList();
        var coverage = courses.Select(c => new CourseCoverage(c,
            team.Count(m => TrainingCurrency.Of(m.LatestCompletions.TryGetValue(c.Id, out var d) ? d : null, c.RefreshMonths, graceMonths, today) == Currency.Current),
            team.Count)).ToList();
        return new TeamMeasures(team.Count, team.Any(m => m.Role == TeamRole.FamilySupportCoordinator), coverage);
    }
}
