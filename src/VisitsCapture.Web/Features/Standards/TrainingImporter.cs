using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>
/// <c>import training</c>: establishment,display_name,role,start_date,end_date,course,completed_on — visits team
/// members and their course completions, one row per completion (course and completed_on empty for a member with
/// none). A member is the establishment, display name and start date; their rows must agree on role and end date,
/// which update a member already recorded. A course is named by its code or name. Completions already recorded are
/// unchanged.
/// </summary>
public sealed class TrainingImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    public static readonly IReadOnlyList<string> Columns = ["establishment", "display_name", "role", "start_date", "end_date", "course", "completed_on"];

    public string Kind => "training";

    public string Description => "Visits team members and training completions: establishment, display_name, role (VisitsTeamOfficer, VisitsTeamLead, FamilySupportCoordinator, PlayWorker), start_date, end_date, course (code or name), completed_on.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "training", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }
        var establishments = await EstablishmentCodes.LoadAsync(db, ct);
        var courses = await db.Courses.AsNoTracking().ToListAsync(ct);
        var today = clock.LondonToday();
        var rows = new List<CsvRow>();
        var lines = new List<Line>();
        foreach (var row in csv.Rows())
        {
            rows.Add(row);
            var e = establishments.Read(row);
            var name = row.Text("display_name", required: true, maxLength: 100);
            var role = row.Enum<TeamRole>("role", required: true);
            var start = row.Date("start_date", required: true);
            var end = row.Date("end_date");
            if (start is not null && end < start)
            {
                row.Fail("end_date", "is before the start date");
            }
            var courseText = row.Text("course", maxLength: 200);
            var course = courseText is null ? null
                : courses.FirstOrDefault(c => string.Equals(c.Code, courseText, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Name, courseText, StringComparison.OrdinalIgnoreCase));
            if (courseText is not null && course is null)
            {
                row.Fail("course", $"\"{courseText}\" is not a course; the courses are {string.Join(", ", courses.Select(c => c.Code).Order())}");
            }
            var done = row.Date("completed_on", required: courseText is not null);
            if (done is not null && courseText is null)
            {
                row.Fail("course", "a value is required with a completion date");
            }
            if (done > today)
            {
                row.Fail("completed_on", "is in the future");
            }
            if (row.IsValid)
            {
                lines.Add(new Line(row, new MemberKey(e!.Id, name!, start!.Value), role!.Value, end, course?.Id, done));
            }
            progress?.Report(rows.Count);
        }
        foreach (var group in lines.GroupBy(l => l.Member))
        {
            var first = group.First();
            foreach (var other in group.Skip(1).Where(l => l.Role != first.Role || l.End != first.End))
            {
                other.Row.Fail(other.Role != first.Role ? "role" : "end_date", $"differs from row {first.Row.Number} for the same member");
            }
        }
        var errors = rows.SelectMany(r => r.Errors).OrderBy(e => e.Row).ToList();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no rows"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        var ids = lines.Select(l => l.Member.EstablishmentId).Distinct().ToList();
        var members = (await db.TeamMembers.Include(m => m.Completions).Where(m => ids.Contains(m.EstablishmentId)).ToListAsync(ct))
            .ToDictionary(m => new MemberKey(m.EstablishmentId, m.DisplayName, m.StartDate));
        int added = 0, updated = 0, unchanged = 0;
        foreach (var group in lines.GroupBy(l => l.Member))
        {
            var first = group.First();
            if (!members.TryGetValue(group.Key, out var member))
            {
                member = new TeamMember { EstablishmentId = group.Key.EstablishmentId, DisplayName = group.Key.Name, StartDate = group.Key.Start, Role = first.Role, EndDate = first.End };
                db.TeamMembers.Add(member);
                members[group.Key] = member;
            }
            else if (member.Role != first.Role || member.EndDate != first.End)
            {
                member.Role = first.Role;
                member.EndDate = first.End;
                updated++;
            }
            foreach (var line in group)
            {
                if (line.Course is not { } course)
                {
                    continue;
                }
                if (member.Completions.Any(c => c.CourseId == course && c.CompletedOn == line.CompletedOn))
                {
                    unchanged++;
                    continue;
                }
                member.Completions.Add(new TrainingCompletion { CourseId = course, CompletedOn = line.CompletedOn!.Value });
                added++;
            }
        }
        await db.SaveChangesAsync(ct); // one transaction: the whole file or nothing
        return new ImportResult
        {
            Rows = rows.Count,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Note = "Added and unchanged count completions; updated counts members whose role or end date changed.",
        };
    }

    private sealed record MemberKey(int EstablishmentId, string Name, DateOnly Start);

    private sealed record Line(CsvRow Row, MemberKey Member, TeamRole Role, DateOnly? End, int? Course, DateOnly? CompletedOn);
}
