using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Standards;

namespace VisitsCapture.Web.Features.Standards;

public sealed record StandardRef(int Id, string Code, string Name);

/// <summary>An establishment's standing on one standard: its latest completed audit (if any), score, RAG and whether it is overdue.</summary>
public sealed record StandardStanding(StandardRef Standard, AuditFact? Latest, Rag Rag, bool Overdue);

/// <summary>The standards and team panel of one establishment (dashboard, API).</summary>
public sealed record EstablishmentStandards(IReadOnlyList<StandardStanding> Standards, TeamMeasures Team, DateOnly Today)
{
    public int OverdueCount => Standards.Count(s => s.Overdue);
}

/// <summary>The national comparison: roll-ups by family group, region and nation.</summary>
public sealed record NationalStandards(
    IReadOnlyList<StandardRef> Standards,
    IReadOnlyList<CourseFact> Courses,
    IReadOnlyList<RollupRow> FamilyGroups,
    IReadOnlyList<RollupRow> Regions,
    RollupRow Nation);

/// <summary>Loads audits, teams and training and applies the rules of Core/Standards to them.</summary>
public sealed class StandardsQuery(VisitsDbContext db, TimeProvider clock, IOptions<StandardsOptions> options)
{
    public StandardsOptions Options => options.Value;

    public DateOnly Today => clock.LondonToday();

    public Task<List<StandardRef>> StandardsAsync(CancellationToken ct) =>
        db.Standards.AsNoTracking().OrderBy(s => s.Code).Select(s => new StandardRef(s.Id, s.Code, s.Name)).ToListAsync(ct);

    public Task<List<CourseFact>> CoursesAsync(CancellationToken ct) =>
        db.Courses.AsNoTracking().OrderBy(c => c.Name).Select(c => new CourseFact(c.Id, c.Name, c.RefreshMonths)).ToListAsync(ct);

    /// <summary>Every audit of the establishments (all when null) with its score.</summary>
    public async Task<List<AuditFact>> AuditFactsAsync(IReadOnlyCollection<int>? establishmentIds, CancellationToken ct)
    {
        var audits = db.StandardAudits.AsNoTracking().Where(a => establishmentIds == null || establishmentIds.Contains(a.EstablishmentId));
        var rows = await audits.Select(a => new { a.Id, a.EstablishmentId, a.StandardId, a.AuditDate, a.Status, a.SupersedesId }).ToListAsync(ct);
        var results = await db.Set<AuditItemResult>().AsNoTracking()
            .Where(r => audits.Select(a => a.Id).Contains(r.StandardAuditId))
            .Select(r => new { r.StandardAuditId, r.Result })
            .ToListAsync(ct);
        var byAudit = results.ToLookup(r => r.StandardAuditId, r => r.Result);
        return rows.Select(a => new AuditFact(a.Id, a.EstablishmentId, a.StandardId, a.AuditDate, a.Status, a.SupersedesId, AuditScore.Of(byAudit[a.Id]))).ToList();
    }

    /// <summary>Team members of the establishments (all when null) with their latest completion of each course.</summary>
    public async Task<ILookup<int, MemberFact>> MembersAsync(IReadOnlyCollection<int>? establishmentIds, CancellationToken ct)
    {
        var members = await db.TeamMembers.AsNoTracking()
            .Where(m => establishmentIds == null || establishmentIds.Contains(m.EstablishmentId))
            .Select(m => new { m.Id, m.EstablishmentId, m.Role, m.StartDate, m.EndDate })
            .ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        var completions = await db.TrainingCompletions.AsNoTracking()
            .Where(c => establishmentIds == null || db.TeamMembers.Any(m => m.Id == c.TeamMemberId && establishmentIds.Contains(m.EstablishmentId)))
            .GroupBy(c => new { c.TeamMemberId, c.CourseId })
            .Select(g => new { g.Key.TeamMemberId, g.Key.CourseId, Latest = g.Max(c => c.CompletedOn) })
            .ToListAsync(ct);
        var latest = completions.ToLookup(c => c.TeamMemberId);
        return members.ToLookup(m => m.EstablishmentId, m => new MemberFact(m.Role, m.StartDate, m.EndDate,
            latest[m.Id].ToDictionary(c => c.CourseId, c => c.Latest)));
    }

    public async Task<EstablishmentStandards> ForEstablishmentAsync(int establishmentId, CancellationToken ct)
    {
        var standards = await StandardsAsync(ct);
        var courses = await CoursesAsync(ct);
        var latest = LatestAudits.Of(await AuditFactsAsync([establishmentId], ct));
        var members = await MembersAsync([establishmentId], ct);
        return new EstablishmentStandards(
            standards.Select(s => Standing(s, latest.GetValueOrDefault((establishmentId, s.Id)))).ToList(),
            TeamMeasures.Of(members[establishmentId], courses, Today, Options.TrainingGraceMonths),
            Today);
    }

    public StandardStanding Standing(StandardRef standard, AuditFact? latest) =>
        new(standard, latest, AuditScore.RagOf(latest?.Score, Options), AuditScore.IsOverdue(latest?.AuditDate, Today, Options.OverdueMonths));

    /// <summary>Every establishment open today, in its region and its family group of this month.</summary>
    public async Task<NationalStandards> NationalAsync(CancellationToken ct)
    {
        var today = Today;
        var establishments = (await db.Establishments.AsNoTracking().Select(e => new { e.Id, e.Region, e.OpenedOn, e.ClosedOn }).ToListAsync(ct))
            .Where(e => (e.OpenedOn == null || e.OpenedOn <= today) && (e.ClosedOn == null || e.ClosedOn > today)).ToList();
        var memberships = await db.FamilyGroupMemberships.AsNoTracking().ToListAsync(ct);
        var groupOf = FamilyGroupMonths.GroupsIn(memberships, YearMonth.Of(today));
        var groupNames = await db.FamilyGroups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var standards = await StandardsAsync(ct);
        var courses = await CoursesAsync(ct);
        var latest = LatestAudits.Of(await AuditFactsAsync(null, ct));
        var members = await MembersAsync(null, ct);
        var standings = establishments.Select(e => new EstablishmentStanding(
            e.Id,
            groupOf.TryGetValue(e.Id, out var g) ? groupNames[g] : null,
            e.Region,
            standards.Where(s => latest.ContainsKey((e.Id, s.Id))).ToDictionary(s => s.Id, s => AuditScore.RagOf(latest[(e.Id, s.Id)].Score, Options)),
            TeamMeasures.Of(members[e.Id], courses, today, Options.TrainingGraceMonths))).ToList();
        var standardIds = standards.Select(s => s.Id).ToList();
        var courseIds = courses.Select(c => c.Id).ToList();
        return new NationalStandards(standards, courses,
            StandardsRollup.ByFamilyGroup(standings, standardIds, courseIds),
            StandardsRollup.ByRegion(standings, standardIds, courseIds),
            StandardsRollup.Of("England and Wales", standings, standardIds, courseIds));
    }
}
