using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Features.Admin.Imports;
using VisitsCapture.Web.Imports;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// Reference data kept by administrators: establishments with their effective-dated history and lineage, and the
/// family group each belongs to. A move between groups is a one-row family-groups import, so the page and the file
/// share one set of membership rules, the same audit and the same messages.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/establishments")]
public sealed class EstablishmentsController(VisitsDbContext db, FamilyGroupsImporter groupsImporter, ImportRunner runner, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var month = YearMonth.Of(LondonTime.Today(clock));
        var groups = await db.FamilyGroupMemberships.AsNoTracking()
            .Where(m => m.FromMonth <= month.Key && (m.ToMonth == null || m.ToMonth >= month.Key))
            .Select(m => new { m.EstablishmentId, Group = m.FamilyGroup!.Name })
            .ToDictionaryAsync(m => m.EstablishmentId, m => m.Group, ct);
        var list = await db.Establishments.AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
        return View("Establishments", new EstablishmentListModel(list, groups, month));
    }

    [HttpGet("{code}")]
    public async Task<IActionResult> Show(string code, CancellationToken ct)
    {
        var model = await ModelAsync(code, new MoveForm(), new MergeForm(), null, ct);
        return model is null ? NotFound() : View("Establishment", model);
    }

    /// <summary>Moves the establishment to a family group from a month: the earlier open-ended membership ends the month before.</summary>
    [HttpPost("{code}/family-group")]
    public async Task<IActionResult> Move(string code, [Bind(Prefix = "Move")] MoveForm form, CancellationToken ct)
    {
        var e = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code.ToUpper(), ct);
        if (e is null)
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(form.Group))
        {
            ModelState.AddModelError("Move.Group", "Enter the family group");
        }
        if (!YearMonth.TryParse(form.FromMonth, out var from))
        {
            ModelState.AddModelError("Move.FromMonth", "Enter the first month in the form YYYY-MM, for example 2026-04");
        }
        if (ModelState.IsValid)
        {
            var csv = "group,establishment,from_month,to_month\n" + Csv(form.Group!.Trim()) + "," + e.Code + "," + from + ",\n";
            var result = await runner.RunAsync(groupsImporter, [new ImportFile("family group change", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)))], null, ct);
            if (result.Succeeded)
            {
                TempData["Success"] = $"{e.Name} is in {form.Group!.Trim()} from {from.ToLongString()}.";
                return RedirectToAction(nameof(Show), new { code = e.Code });
            }
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Column == "group" ? "Move.Group" : "Move.FromMonth", error.Message);
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Establishment", await ModelAsync(code, form, new MergeForm(), null, ct));
    }

    /// <summary>
    /// Records that the establishment merged into another from a date (Blakenhurst, Brockhill and Hewell Grange became
    /// HMP Hewell): it closes that day, leaves its family group from that month, and the lineage keeps the link.
    /// </summary>
    [HttpPost("{code}/merge")]
    public async Task<IActionResult> Merge(string code, [Bind(Prefix = "Merge")] MergeForm form, CancellationToken ct)
    {
        var e = await db.Establishments.FirstOrDefaultAsync(x => x.Code == code.ToUpper(), ct);
        if (e is null)
        {
            return NotFound();
        }
        var successor = await db.Establishments.FirstOrDefaultAsync(x => x.Code == (form.Successor ?? "").Trim().ToUpper(), ct);
        if (successor is null || successor.Id == e.Id)
        {
            ModelState.AddModelError("Merge.Successor", "Enter the code of the establishment it merged into, for example HEI");
        }
        if (!DateOnly.TryParseExact(form.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            ModelState.AddModelError("Merge.Date", "Enter the date of the merger in the form YYYY-MM-DD");
        }
        else if (e.ClosedOn is not null)
        {
            ModelState.AddModelError("Merge.Date", $"{e.Name} already closed on {e.ClosedOn:yyyy-MM-dd}");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Establishment", await ModelAsync(code, new MoveForm(), form, null, ct));
        }
        var month = YearMonth.Of(date);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        e.ClosedOn = date;
        var memberships = await db.FamilyGroupMemberships
            .Where(m => m.EstablishmentId == e.Id && (m.ToMonth == null || m.ToMonth >= month.Key)).ToListAsync(ct);
        foreach (var m in memberships)
        {
            // Memberships that start on or after the merger month no longer apply; the current one ends the month before.
            if (m.FromMonth >= month.Key)
            {
                db.FamilyGroupMemberships.Remove(m);
            }
            else
            {
                m.ToMonth = month.Previous.Key;
            }
        }
        db.Lineage.Add(new EstablishmentLineage { PredecessorId = e.Id, SuccessorId = successor!.Id, Kind = LineageKind.Merged, EffectiveOn = date, Note = form.Note?.Trim() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        TempData["Success"] = $"{e.Name} merged into {successor.Name} on {date:d MMMM yyyy}.";
        return RedirectToAction(nameof(Show), new { code = e.Code });
    }

    /// <summary>
    /// Changes effective-dated attributes (a re-role, a new name, region or capacity) from a date, which may be in the
    /// past: a new version is added to the history and nothing earlier is overwritten (<see cref="Establishment.ChangeFrom"/>).
    /// </summary>
    [HttpPost("{code}/attributes")]
    public async Task<IActionResult> Change(string code, [Bind(Prefix = "Change")] ChangeForm form, CancellationToken ct)
    {
        var e = await db.Establishments.Include(x => x.History).FirstOrDefaultAsync(x => x.Code == code.ToUpper(), ct);
        if (e is null)
        {
            return NotFound();
        }
        var today = LondonTime.Today(clock);
        if (!DateOnly.TryParseExact(form.From?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) || from.Year < 1900)
        {
            ModelState.AddModelError("Change.From", "Enter the date the change took effect in the form YYYY-MM-DD, for example 2025-04-01");
        }
        else if (from > today)
        {
            ModelState.AddModelError("Change.From", "The date the change took effect must be today or in the past");
        }
        foreach (var (key, value, label) in new[] { ("Change.Name", form.Name, "name"), ("Change.Function", form.Function, "function") })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > 100)
            {
                ModelState.AddModelError(key, $"Enter the {label}, up to 100 characters");
            }
        }
        if ((form.Region?.Trim().Length ?? 0) > 100)
        {
            ModelState.AddModelError("Change.Region", "Enter the region, up to 100 characters");
        }
        int? Capacity(string? text, string key, string label)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100_000)
            {
                return n;
            }
            ModelState.AddModelError(key, $"Enter the {label} as a whole number of places, or leave it empty");
            return null;
        }
        var operational = Capacity(form.OperationalCapacity, "Change.OperationalCapacity", "operational capacity");
        var cna = Capacity(form.Cna, "Change.Cna", "CNA");
        var before = e.AttributesOn(from);
        var changed = ModelState.IsValid && e.ChangeFrom(from, today, clock.GetUtcNow().UtcDateTime, a =>
        {
            a.Name = form.Name!.Trim();
            a.Region = form.Region?.Trim() ?? "";
            a.Function = form.Function!.Trim();
            a.OperationalCapacity = operational;
            a.Cna = cna;
        });
        if (ModelState.IsValid && !changed)
        {
            ModelState.AddModelError("Change.Function", $"These are already its attributes on {from:d MMMM yyyy}: change at least one");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Establishment", await ModelAsync(code, new MoveForm(), new MergeForm(), form, ct));
        }
        // History rows are not audited one by one: one event says what changed from when.
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            Actor = User.Identity?.Name ?? "unknown",
            Action = "AttributesChanged",
            EntityType = nameof(EstablishmentAttributes),
            EntityKey = $"{e.Code} from {from:yyyy-MM-dd}",
            EstablishmentId = e.Id,
            Before = System.Text.Json.JsonSerializer.Serialize(new { before.Name, before.Region, before.Function, before.OperationalCapacity, before.Cna }),
            After = System.Text.Json.JsonSerializer.Serialize(new { Name = form.Name!.Trim(), Region = form.Region?.Trim() ?? "", Function = form.Function!.Trim(), OperationalCapacity = operational, Cna = cna }),
        });
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{e.Name}: the change from {from:d MMMM yyyy} is recorded.";
        return RedirectToAction(nameof(Show), new { code = e.Code });
    }

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private async Task<EstablishmentModel?> ModelAsync(string code, MoveForm move, MergeForm merge, ChangeForm? change, CancellationToken ct)
    {
        var e = await db.Establishments.AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.Code == code.ToUpper(), ct);
        if (e is null)
        {
            return null;
        }
        var memberships = await db.FamilyGroupMemberships.AsNoTracking().Where(m => m.EstablishmentId == e.Id)
            .OrderBy(m => m.FromMonth).Select(m => new MembershipLine(m.FamilyGroup!.Name, m.FromMonth, m.ToMonth)).ToListAsync(ct);
        var lineage = await db.Lineage.AsNoTracking().Where(l => l.PredecessorId == e.Id || l.SuccessorId == e.Id)
            .Select(l => new LineageLine(l.Kind, l.EffectiveOn, l.Predecessor!.Code, l.Predecessor.Name, l.Successor!.Code, l.Successor.Name, l.Note))
            .ToListAsync(ct);
        var groups = await db.FamilyGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => g.Name).ToListAsync(ct);
        move.FromMonth ??= YearMonth.Of(LondonTime.Today(clock)).ToString();
        change ??= new ChangeForm
        {
            From = LondonTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Name = e.Name, Region = e.Region, Function = e.Function,
            OperationalCapacity = e.OperationalCapacity?.ToString(CultureInfo.InvariantCulture), Cna = e.Cna?.ToString(CultureInfo.InvariantCulture),
        };
        return new EstablishmentModel(e, memberships, lineage, e.ReRoles(), groups, move, merge, change);
    }
}

public sealed record EstablishmentListModel(IReadOnlyList<Establishment> Establishments, IReadOnlyDictionary<int, string> GroupNow, YearMonth Month);

public sealed record MembershipLine(string Group, int FromMonth, int? ToMonth);

public sealed record LineageLine(LineageKind Kind, DateOnly EffectiveOn, string PredecessorCode, string PredecessorName, string SuccessorCode, string SuccessorName, string? Note);

public sealed record EstablishmentModel(Establishment Establishment, IReadOnlyList<MembershipLine> Memberships, IReadOnlyList<LineageLine> Lineage,
    IReadOnlyList<(DateOnly On, string From, string To)> ReRoles, IReadOnlyList<string> Groups, MoveForm Move, MergeForm Merge, ChangeForm Change);

public sealed class ChangeForm
{
    public string? From { get; set; }
    public string? Name { get; set; }
    public string? Region { get; set; }
    public string? Function { get; set; }
    public string? OperationalCapacity { get; set; }
    public string? Cna { get; set; }
}

public sealed class MoveForm
{
    public string? Group { get; set; }
    public string? FromMonth { get; set; }
}

public sealed class MergeForm
{
    public string? Successor { get; set; }
    public string? Date { get; set; }
    public string? Note { get; set; }
}
