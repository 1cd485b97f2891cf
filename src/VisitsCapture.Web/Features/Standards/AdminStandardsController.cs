using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

public sealed class ChecklistForm
{
    public string? Name { get; set; }

    /// <summary>The items, one a line.</summary>
    public string? Items { get; set; }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}

public sealed class CourseForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? RefreshMonths { get; set; }
}

public sealed record ChecklistRow(Standard Standard, ChecklistVersion Current, int Audits);

public sealed record AdminStandardsModel(IReadOnlyList<ChecklistRow> Checklists, IReadOnlyList<Course> Courses, CourseForm NewCourse);

public sealed record ChecklistEditModel(Standard Standard, int Version, ChecklistForm Form);

public sealed record CourseEditModel(Course Course, CourseForm Form);

/// <summary>
/// Administrators keep the checklists and the course catalogue. Changing a checklist's items makes a new version:
/// audits already started keep the version they used.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/standards")]
public sealed class AdminStandardsController(VisitsDbContext db, TimeProvider clock) : Controller
{
    private const string BasePath = "/admin/standards";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => await IndexAsync(new CourseForm { RefreshMonths = "12" }, ct);

    [HttpGet("{code}")]
    public async Task<IActionResult> Edit(string code, CancellationToken ct)
    {
        if (await FindAsync(code, ct) is not { } standard)
        {
            return NotFound();
        }
        var current = standard.Versions.MaxBy(v => v.Version)!;
        return View("AdminChecklist", new ChecklistEditModel(standard, current.Version,
            new ChecklistForm { Name = standard.Name, Items = string.Join("\n", current.Items.OrderBy(i => i.Position).Select(i => i.Text)) }));
    }

    [HttpPost("{code}")]
    public async Task<IActionResult> Update(string code, [Bind(Prefix = "Form")] ChecklistForm form, CancellationToken ct)
    {
        if (await FindAsync(code, ct) is not { } standard)
        {
            return NotFound();
        }
        var current = standard.Versions.MaxBy(v => v.Version)!;
        var name = form.Name?.Trim();
        var items = ChecklistForm.Lines(form.Items);
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            ModelState.AddModelError("Form.Name", "Enter the standard's name (up to 200 characters)");
        }
        if (items.Count == 0 || items.Count > 50 || items.Any(i => i.Length > 300))
        {
            ModelState.AddModelError("Form.Items", "Enter between 1 and 50 items, one a line, each up to 300 characters");
        }
        else if (items.Distinct(StringComparer.OrdinalIgnoreCase).Count() != items.Count)
        {
            ModelState.AddModelError("Form.Items", "Each item must be different");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("AdminChecklist", new ChecklistEditModel(standard, current.Version, form));
        }
        standard.Name = name!;
        var changed = !items.SequenceEqual(current.Items.OrderBy(i => i.Position).Select(i => i.Text), StringComparer.Ordinal);
        if (changed)
        {
            standard.Versions.Add(new ChecklistVersion
            {
                Version = current.Version + 1,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                Items = items.Select((text, i) => new ChecklistItem { Position = i + 1, Text = text }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = changed ? $"{standard.Code} checklist saved as version {current.Version + 1}" : $"{standard.Code} saved; the checklist is unchanged";
        return Redirect(BasePath);
    }

    [HttpPost("courses")]
    public async Task<IActionResult> AddCourse([Bind(Prefix = "NewCourse")] CourseForm form, CancellationToken ct)
    {
        var code = form.Code?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code) || code.Length > 40 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            ModelState.AddModelError("NewCourse.Code", "Enter a short code of letters, digits and hyphens, like hidden-sentence");
        }
        else if (await db.Courses.AnyAsync(c => c.Code == code, ct))
        {
            ModelState.AddModelError("NewCourse.Code", "A course with this code already exists");
        }
        var course = new Course { Code = code ?? "", Name = "" };
        if (!TryApply(form, course, "NewCourse.") || !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await IndexAsync(form, ct);
        }
        db.Courses.Add(course);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{course.Name} added";
        return Redirect(BasePath);
    }

    [HttpGet("courses/{id:int}")]
    public async Task<IActionResult> EditCourse(int id, CancellationToken ct) =>
        await db.Courses.FindAsync([id], ct) is { } c
            ? View("AdminCourse", new CourseEditModel(c, new CourseForm { Name = c.Name, RefreshMonths = c.RefreshMonths.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            : NotFound();

    [HttpPost("courses/{id:int}")]
    public async Task<IActionResult> UpdateCourse(int id, [Bind(Prefix = "Form")] CourseForm form, CancellationToken ct)
    {
        if (await db.Courses.FindAsync([id], ct) is not { } course)
        {
            return NotFound();
        }
        if (!TryApply(form, course, "Form."))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("AdminCourse", new CourseEditModel(course, form));
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{course.Name} saved";
        return Redirect(BasePath);
    }

    private bool TryApply(CourseForm form, Course course, string prefix)
    {
        var name = form.Name?.Trim();
        var ok = true;
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            ModelState.AddModelError(prefix + nameof(form.Name), "Enter the course name (up to 200 characters)");
            ok = false;
        }
        if (!int.TryParse(form.RefreshMonths, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var months) || months > 120)
        {
            ModelState.AddModelError(prefix + nameof(form.RefreshMonths), "Enter the refresh period as a whole number of months from 0 (never) to 120");
            ok = false;
        }
        if (ok)
        {
            course.Name = name!;
            course.RefreshMonths = months;
        }
        return ok;
    }

    private Task<Standard?> FindAsync(string code, CancellationToken ct) =>
        db.Standards.Include(s => s.Versions).ThenInclude(v => v.Items).FirstOrDefaultAsync(s => s.Code == code.ToUpperInvariant(), ct);

    private async Task<ViewResult> IndexAsync(CourseForm form, CancellationToken ct)
    {
        var standards = await db.Standards.AsNoTracking().Include(s => s.Versions).ThenInclude(v => v.Items).OrderBy(s => s.Code).ToListAsync(ct);
        var audits = await db.StandardAudits.AsNoTracking().GroupBy(a => a.StandardId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return View("AdminStandards", new AdminStandardsModel(
            standards.Select(s => new ChecklistRow(s, s.Versions.MaxBy(v => v.Version)!, audits.GetValueOrDefault(s.Id))).ToList(), courses, form));
    }
}
