using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Demo;

/// <summary>
/// Demo standards audits, visits teams and training for every establishment, so the standards pages are alive on
/// first run: each establishment has a quality that sets how often items are met, one to three completed audits
/// of each standard (some overdue), a team of three to eight staff and their course completions. Written with
/// <see cref="BulkWriter{T}"/> (parents first, their ids read back, then children); seeded per establishment.
/// </summary>
internal sealed class DemoStandards(VisitsDbContext db, DateOnly today)
{
    private static readonly string[] FirstNames = ["Alex", "Sam", "Jo", "Chris", "Pat", "Kim", "Lee", "Nat", "Robin", "Jess", "Dev", "Amrit", "Sian", "Owen", "Priya", "Tom"];
    private static readonly string[] Areas = ["Visitor centre", "Visits hall", "Visitor centre and visits hall"];

    public int Audits { get; private set; }
    public int Members { get; private set; }
    public int Completions { get; private set; }

    public async Task WriteAsync(CancellationToken ct)
    {
        await StandardsCatalogue.EnsureShippedAsync(db, DateTime.UtcNow, ct);
        var prisons = await db.Establishments.AsNoTracking().OrderBy(e => e.Code).Select(e => new { e.Id, e.Code }).ToListAsync(ct);
        var versions = (await db.ChecklistVersions.AsNoTracking().Include(v => v.Items).ToListAsync(ct))
            .GroupBy(v => v.StandardId).Select(g => g.MaxBy(v => v.Version)!).OrderBy(v => v.StandardId).ToList();
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        var completedAt = DateTime.UtcNow;

        await using (var audits = new BulkWriter<StandardAudit>(db))
        await using (var members = new BulkWriter<TeamMember>(db))
        {
            foreach (var p in prisons)
            {
                var rng = Rng(p.Code);
                foreach (var v in versions)
                {
                    // The latest audit 1 to 16 months ago (beyond 12 is overdue), earlier ones a year apart.
                    var date = today.AddDays(-rng.Next(30, 480));
                    for (var n = rng.Next(1, 4); n > 0; n--, date = date.AddDays(-rng.Next(330, 400)))
                    {
                        await audits.AddAsync(new StandardAudit
                        {
                            EstablishmentId = p.Id, StandardId = v.StandardId, ChecklistVersionId = v.Id, Area = Areas[rng.Next(Areas.Length)],
                            AuditDate = date, Auditor = "Head of residence", Status = AuditStatus.Completed, CompletedAt = completedAt,
                        }, ct);
                        Audits++;
                    }
                }
                foreach (var (role, i) in Team(rng).Select((r, i) => (r, i)))
                {
                    var start = today.AddDays(-rng.Next(60, 1800));
                    await members.AddAsync(new TeamMember
                    {
                        EstablishmentId = p.Id, DisplayName = $"{FirstNames[rng.Next(FirstNames.Length)]} {(char)('A' + i)}.", Role = role, StartDate = start,
                        EndDate = rng.NextDouble() < 0.15 ? today.AddDays(-rng.Next(1, 50)) : null,
                    }, ct);
                    Members++;
                }
            }
            await audits.FlushAsync(ct);
            await members.FlushAsync(ct);
        }

        var itemsOf = versions.ToDictionary(v => v.Id, v => v.Items.OrderBy(i => i.Position).Select(i => i.Id).ToList());
        var codes = prisons.ToDictionary(p => p.Id, p => p.Code);
        await using (var results = new BulkWriter<AuditItemResult>(db))
        {
            var written = await db.StandardAudits.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.EstablishmentId, a.ChecklistVersionId }).ToListAsync(ct);
            foreach (var byPrison in written.GroupBy(a => a.EstablishmentId))
            {
                var rng = Rng(codes[byPrison.Key] + "/audits");
                var quality = 0.55 + 0.45 * rng.NextDouble();
                foreach (var a in byPrison)
                {
                    foreach (var item in itemsOf[a.ChecklistVersionId])
                    {
                        await results.AddAsync(new AuditItemResult { StandardAuditId = a.Id, ChecklistItemId = item, Result = Result(rng, quality) }, ct);
                    }
                }
            }
            await results.FlushAsync(ct);
        }

        await using (var completions = new BulkWriter<TrainingCompletion>(db))
        {
            var written = await db.TeamMembers.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.EstablishmentId, m.StartDate }).ToListAsync(ct);
            foreach (var m in written)
            {
                var rng = Rng($"{codes[m.EstablishmentId]}/{m.Id}");
                foreach (var c in courses.Where(_ => rng.NextDouble() < 0.75))
                {
                    // Some time since starting, up to 30 months ago: a mix of current, due and lapsed.
                    var earliest = Math.Max(0, today.DayNumber - m.StartDate.DayNumber);
                    await completions.AddAsync(new TrainingCompletion { TeamMemberId = m.Id, CourseId = c.Id, CompletedOn = today.AddDays(-rng.Next(0, Math.Min(earliest, 900) + 1)) }, ct);
                    Completions++;
                }
            }
            await completions.FlushAsync(ct);
        }
    }

    private static Random Rng(string key) => new(DemoActivity.Seed ^ DemoActivity.StableHash("standards/" + key));

    /// <summary>A lead, usually a family support coordinator, sometimes play workers, and officers.</summary>
    private static List<TeamRole> Team(Random rng)
    {
        var team = new List<TeamRole> { TeamRole.VisitsTeamLead };
        if (rng.NextDouble() < 0.85)
        {
            team.Add(TeamRole.FamilySupportCoordinator);
        }
        team.AddRange(Enumerable.Repeat(TeamRole.PlayWorker, rng.Next(0, 3)));
        team.AddRange(Enumerable.Repeat(TeamRole.VisitsTeamOfficer, rng.Next(1, 5)));
        return team;
    }

    private static ItemResult Result(Random rng, double quality)
    {
        var x = rng.NextDouble();
        return x < 0.05 ? ItemResult.NotApplicable
            : x < 0.05 + 0.95 * quality ? ItemResult.Met
            : x < 0.05 + 0.95 * (quality + (1 - quality) * 0.6) ? ItemResult.PartlyMet
            : ItemResult.NotMet;
    }
}
