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
            .ToDictionaryAsync(m => m.EstablishmentId, m => m.FamilyGroup!.Name, ct);
        var list = await db.Establishments.AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
        return View("Establishments", new EstablishmentListModel(list, groups, month));
    }

    [HttpGet("{code}")]
    public async Task<IActionResult> Show(string code, CancellationToken ct)
    {
        var model = await ModelAsync(code, new MoveForm(), new MergeForm(), ct);
        return model is null ? NotFound() : View("Establishment", model);
    }

    /// <summary>Moves the establishment to a family group from a month: the earlier open-ended membership ends the month before.</summary>
    [HttpPost("{code}/family-group")]
    public async Task<IActionResult> Move(string code, [Bind(Prefix = "Move")] MoveForm form, CancellationToken ct)
    {
        var e = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code.ToUpperInvariant(), ct);
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
        return View("Establishment", await ModelAsync(code, form, new MergeForm(), ct));
    }

    /// <summary>
    /// Records that the establishment merged into another from a date (Blakenhurst, Brockhill and Hewell Grange became
    /// HMP Hewell): it closes that day, leaves its family group from that month, and the lineage keeps the link.
    /// </summary>
    [HttpPost("{code}/merge")]
    public async Task<IActionResult> Merge(string code, [Bind(Prefix = "Merge")] MergeForm form, CancellationToken ct)
    {
        var e = await db.Establishments.FirstOrDefaultAsync(x => x.Code == code.ToUpperInvariant(), ct);
        if (e is null)
        {
            return NotFound();
        }
        var successor = await db.Establishments.FirstOrDefaultAsync(x => x.Code == (form.Successor ?? "").Trim().ToUpperInvariant(), ct);
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
            return View("Establishment", await ModelAsync(code, new MoveForm(), form, ct));
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

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private async Task<EstablishmentModel?> ModelAsync(string code, MoveForm move, MergeForm merge, CancellationToken ct)
    {
        var e = await db.Establishments.AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.Code == code.ToUpperInvariant(), ct);
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
        return new EstablishmentModel(e, memberships, lineage, groups, move, merge);
    }
}

public sealed record EstablishmentListModel(IReadOnlyList<Establishment> Establishments, IReadOnlyDictionary<int, string> GroupNow, YearMonth Month);

public sealed record MembershipLine(string Group, int FromMonth, int? ToMonth);

public sealed record LineageLine(LineageKind Kind, DateOnly EffectiveOn, string PredecessorCode, string PredecessorName, string SuccessorCode, string SuccessorName, string? Note);

public sealed record EstablishmentModel(Establishment Establishment, IReadOnlyList<MembershipLine> Memberships, IReadOnlyList<LineageLine> Lineage,
    IReadOnlyList<string> Groups, MoveForm Move, MergeForm Merge);

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
