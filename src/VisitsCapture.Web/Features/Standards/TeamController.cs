using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Standards;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

public sealed class TeamMemberForm
{
    public string? DisplayName { get; set; }
    public string? Role { get; set; }
    public string? StartDate { get; set; }
}

public sealed class EndMemberForm
{
    public string? EndDate { get; set; }
}

public sealed class CompletionForm
{
    public int? Course { get; set; }
    public string? CompletedOn { get; set; }
}

public sealed record MemberTraining(Course Course, DateOnly? Latest, Currency Currency);

public sealed record MemberRow(TeamMember Member, bool InPost, IReadOnlyList<MemberTraining> Training);

public sealed record TeamPageModel(Establishment Establishment, TeamMeasures Measures, IReadOnlyList<MemberRow> Current, IReadOnlyList<MemberRow> Past,
    IReadOnlyList<Course> Courses, TeamMemberForm Add, bool CanManage, DateOnly Today);

/// <summary>
/// An establishment's visits team (DESIGN.md VE6, CP9) and its training records. Staff only: a display name and a
/// role, never prisoner or visitor data. Governors keep it; pathway leads view it.
/// </summary>
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("establishments/{establishment}/team")]
public sealed class TeamController(VisitsDbContext db, EstablishmentAccess access, StandardsQuery query) : Controller
{
    private string BasePath => $"/establishments/{access.Current.Code}/team";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await PageAsync(new TeamMemberForm { StartDate = Labels.Iso(query.Today) }, ct);

    [HttpPost("")]
    [Authorize(Policy = Policies.ManageEstablishment)]
    public async Task<IActionResult> Add([Bind(Prefix = "Add")] TeamMemberForm form, CancellationToken ct)
    {
        var name = form.DisplayName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            ModelState.AddModelError("Add.DisplayName", "Enter the member of staff's display name (up to 100 characters)");
        }
        if (!Enum.TryParse<TeamRole>(form.Role, out var role) || !Enum.IsDefined(role))
        {
            ModelState.AddModelError("Add.Role", "Select the role in the visits team");
        }
        if (!StandardsDisplay.TryParseDate(form.StartDate, out var start))
        {
            ModelState.AddModelError("Add.StartDate", "Enter the start date, like 2026-06-03");
        }
        if (ModelState.IsValid && await db.TeamMembers.AnyAsync(m => m.EstablishmentId == access.Current.Id && m.DisplayName == name && m.StartDate == start, ct))
        {
            ModelState.AddModelError("Add.DisplayName", $"{name} is already in the team from that date");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await PageAsync(form, ct);
        }
        db.TeamMembers.Add(new TeamMember { EstablishmentId = access.Current.Id, DisplayName = name!, Role = role, StartDate = start });
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{name} added to the visits team";
        return Redirect(BasePath);
    }

    [HttpPost("{id:int}/end")]
    [Authorize(Policy = Policies.ManageEstablishment)]
    public async Task<IActionResult> End(int id, EndMemberForm form, CancellationToken ct)
    {
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.Id == id && m.EstablishmentId == access.Current.Id, ct);
        if (member is null)
        {
            return NotFound();
        }
        if (!StandardsDisplay.TryParseDate(form.EndDate, out var end) || end < member.StartDate)
        {
            return BadRequest($"Enter the last day in post, like 2026-06-03, on or after the start date {member.StartDate:yyyy-MM-dd}");
        }
        member.EndDate = end;
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{member.DisplayName} leaves the visits team after {StandardsDisplay.Date(end)}";
        return Redirect(BasePath);
    }

    [HttpPost("{id:int}/training")]
    [Authorize(Policy = Policies.ManageEstablishment)]
    public async Task<IActionResult> Record(int id, CompletionForm form, CancellationToken ct)
    {
        var member = await db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.EstablishmentId == access.Current.Id, ct);
        if (member is null)
        {
            return NotFound();
        }
        var course = form.Course is { } c ? await db.Courses.AsNoTracking().FirstOrDefaultAsync(x => x.Id == c, ct) : null;
        if (course is null)
        {
            return BadRequest("Select a course from the list");
        }
        if (!StandardsDisplay.TryParseDate(form.CompletedOn, out var done) || done > query.Today)
        {
            return BadRequest("Enter the date the course was completed, today or earlier, like 2026-06-03");
        }
        if (!await db.TrainingCompletions.AnyAsync(t => t.TeamMemberId == id && t.CourseId == course.Id && t.CompletedOn == done, ct))
        {
            db.TrainingCompletions.Add(new TrainingCompletion { TeamMemberId = id, CourseId = course.Id, CompletedOn = done });
            await db.SaveChangesAsync(ct);
        }
        TempData["Success"] = $"{course.Name} recorded for {member.DisplayName}, completed {StandardsDisplay.Date(done)}";
        return Redirect(BasePath);
    }

    private async Task<ViewResult> PageAsync(TeamMemberForm form, CancellationToken ct)
    {
        var e = access.Current;
        var today = query.Today;
        var grace = query.Options.TrainingGraceMonths;
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().Include(m => m.Completions)
            .Where(m => m.EstablishmentId == e.Id).OrderBy(m => m.Role).ThenBy(m => m.DisplayName).ToListAsync(ct);
        var rows = members.Select(m =>
        {
            var fact = new MemberFact(m.Role, m.StartDate, m.EndDate, m.Completions.GroupBy(c => c.CourseId).ToDictionary(g => g.Key, g => g.Max(c => c.CompletedOn)));
            return new MemberRow(m, fact.InPostOn(today), courses.Select(c =>
            {
                DateOnly? latest = fact.LatestCompletions.TryGetValue(c.Id, out var d) ? d : null;
                return new MemberTraining(c, latest, TrainingCurrency.Of(latest, c.RefreshMonths, grace, today));
            }).ToList());
        }).ToList();
        var measures = (await query.ForEstablishmentAsync(e.Id, ct)).Team;
        return View("Team", new TeamPageModel(e, measures, rows.Where(r => r.InPost).ToList(), rows.Where(r => !r.InPost).ToList(),
            courses, form, EstablishmentAccess.Can(User, e, Capability.Manage), today));
    }
}
