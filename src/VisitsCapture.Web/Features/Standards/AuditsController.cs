using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Standards;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>What starting an audit asks: which standard, where, when and who audits.</summary>
public sealed class StartAuditForm
{
    public string? Standard { get; set; }
    public string? Area { get; set; }
    public string? AuditDate { get; set; }
    public string? Auditor { get; set; }
}

/// <summary>One item's answer on the audit form.</summary>
public sealed class ItemAnswer
{
    public int ItemId { get; set; }
    public string? Result { get; set; }
    public string? Note { get; set; }
}

public sealed class AuditForm
{
    public List<ItemAnswer> Items { get; set; } = [];

    /// <summary>"save" keeps a draft; "complete" completes the audit.</summary>
    public string? Command { get; set; }
}

/// <summary>An audit row of the establishment's list.</summary>
public sealed record AuditListRow(AuditFact Fact, StandardRef Standard, string Area, string Auditor, bool Superseded);

public sealed record StandardsPageModel(Establishment Establishment, EstablishmentStandards Panel, IReadOnlyList<AuditListRow> Audits, StartAuditForm Start, bool CanManageTeam);

public sealed record AuditItemView(ChecklistItem Item, ItemResult? Result, string? Note);

public sealed record AuditPageModel(
    Establishment Establishment,
    StandardAudit Audit,
    Standard Standard,
    int Version,
    IReadOnlyList<AuditItemView> Items,
    double? Score,
    Core.Measures.Rag Rag,
    int? SupersededById,
    int? DraftReplacementId);

/// <summary>
/// Standards audits of an establishment (DESIGN.md VE5-VE9): recorded item by item on a tablet, saved as a draft and
/// completed. A completed audit is read-only; a new audit supersedes it. Governors record them, and pathway leads in
/// their region, as DESIGN.md says: the establishment view policy.
/// </summary>
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("establishments/{establishment}/standards")]
public sealed class AuditsController(VisitsDbContext db, EstablishmentAccess access, StandardsQuery query, TimeProvider clock) : Controller
{
    public static readonly IReadOnlyList<string> Areas = ["Visitor centre", "Visits hall", "Visitor centre and visits hall", "Visitor reception"];

    private string BasePath => $"/establishments/{access.Current.Code}/standards";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await PageAsync(new StartAuditForm { AuditDate = Labels.Iso(query.Today), Auditor = User.Identity?.Name }, ct);

    [HttpPost("audits")]
    public async Task<IActionResult> Start([Bind(Prefix = "Start")] StartAuditForm form, CancellationToken ct)
    {
        var e = access.Current;
        var standard = string.IsNullOrWhiteSpace(form.Standard) ? null
            : await db.Standards.AsNoTracking().FirstOrDefaultAsync(s => s.Code == form.Standard.Trim().ToUpperInvariant(), ct);
        if (standard is null)
        {
            ModelState.AddModelError("Start.Standard", "Select the standard to audit");
        }
        if (form.Area is null || !Areas.Contains(form.Area))
        {
            ModelState.AddModelError("Start.Area", "Select the area audited");
        }
        if (!StandardsDisplay.TryParseDate(form.AuditDate, out var date) || date > query.Today)
        {
            ModelState.AddModelError("Start.AuditDate", "Enter the date of the audit, today or earlier, like 2026-06-03");
        }
        var auditor = form.Auditor?.Trim();
        if (string.IsNullOrEmpty(auditor) || auditor.Length > 100)
        {
            ModelState.AddModelError("Start.Auditor", "Enter who carried out the audit (up to 100 characters)");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await PageAsync(form, ct);
        }
        var audit = await NewDraftAsync(e.Id, standard!.Id, form.Area!, date, auditor!, null, ct);
        return Redirect($"{BasePath}/audits/{audit.Id}");
    }

    [HttpGet("audits/{id:int}")]
    public async Task<IActionResult> Audit(int id, CancellationToken ct) =>
        await AuditPageAsync(id, null, ct) is { } model ? View("Audit", model) : NotFound();

    [HttpPost("audits/{id:int}")]
    public async Task<IActionResult> Save(int id, AuditForm form, CancellationToken ct)
    {
        var audit = await db.StandardAudits.Include(a => a.Results)
            .FirstOrDefaultAsync(a => a.Id == id && a.EstablishmentId == access.Current.Id, ct);
        if (audit is null)
        {
            return NotFound();
        }
        if (audit.Status == AuditStatus.Completed)
        {
            // Completed audits are never edited: they are superseded.
            return Conflict("This audit is completed and cannot be changed. Start a new audit to supersede it.");
        }
        var complete = form.Command == "complete";
        // Answers are keyed by item; the form lists items in checklist order, so errors are too.
        var answers = (form.Items ?? []).GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.First());
        var positions = await db.Set<ChecklistItem>().AsNoTracking().Where(i => i.ChecklistVersionId == audit.ChecklistVersionId).ToDictionaryAsync(i => i.Id, i => i.Position, ct);
        var ordered = audit.Results.OrderBy(r => positions[r.ChecklistItemId]).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var result = ordered[i];
            var key = $"Items[{i}].Result";
            var answer = answers.GetValueOrDefault(result.ChecklistItemId);
            ItemResult? value = null;
            if (!string.IsNullOrEmpty(answer?.Result))
            {
                if (Enum.TryParse<ItemResult>(answer.Result, out var parsed) && Enum.IsDefined(parsed))
                {
                    value = parsed;
                }
                else
                {
                    ModelState.AddModelError(key, $"Select a result for item {i + 1}");
                }
            }
            else if (complete)
            {
                ModelState.AddModelError(key, $"Select a result for item {i + 1} before completing the audit");
            }
            var note = answer?.Note?.Trim();
            if (note is { Length: > 1000 })
            {
                ModelState.AddModelError($"Items[{i}].Note", $"The note for item {i + 1} must be 1000 characters or fewer");
            }
            result.Result = value;
            result.Note = string.IsNullOrEmpty(note) ? null : note;
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Audit", await AuditPageAsync(id, audit, ct));
        }
        if (complete)
        {
            audit.Status = AuditStatus.Completed;
            audit.CompletedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = complete ? "Audit completed" : "Draft saved";
        return Redirect($"{BasePath}/audits/{id}");
    }

    /// <summary>Starts a new audit of the same standard and area that, once completed, replaces a completed one.</summary>
    [HttpPost("audits/{id:int}/supersede")]
    public async Task<IActionResult> Supersede(int id, CancellationToken ct)
    {
        var old = await db.StandardAudits.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.EstablishmentId == access.Current.Id, ct);
        if (old is null)
        {
            return NotFound();
        }
        if (old.Status != AuditStatus.Completed)
        {
            return Conflict("Only a completed audit can be superseded.");
        }
        var existing = await db.StandardAudits.AsNoTracking().Where(a => a.SupersedesId == id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (existing is { } replacement)
        {
            return Redirect($"{BasePath}/audits/{replacement}");
        }
        var audit = await NewDraftAsync(old.EstablishmentId, old.StandardId, old.Area, query.Today, User.Identity?.Name ?? old.Auditor, id, ct);
        return Redirect($"{BasePath}/audits/{audit.Id}");
    }

    /// <summary>A draft against the standard's latest checklist version, one unanswered result per item.</summary>
    private async Task<StandardAudit> NewDraftAsync(int establishmentId, int standardId, string area, DateOnly date, string auditor, int? supersedes, CancellationToken ct)
    {
        var version = await db.ChecklistVersions.AsNoTracking().Include(v => v.Items)
            .Where(v => v.StandardId == standardId).OrderByDescending(v => v.Version).FirstAsync(ct);
        var audit = new StandardAudit
        {
            EstablishmentId = establishmentId,
            StandardId = standardId,
            ChecklistVersionId = version.Id,
            Area = area,
            AuditDate = date,
            Auditor = auditor,
            Status = AuditStatus.Draft,
            SupersedesId = supersedes,
            Results = version.Items.OrderBy(i => i.Position).Select(i => new AuditItemResult { ChecklistItemId = i.Id }).ToList(),
        };
        db.StandardAudits.Add(audit);
        await db.SaveChangesAsync(ct);
        return audit;
    }

    private async Task<AuditPageModel?> AuditPageAsync(int id, StandardAudit? edited, CancellationToken ct)
    {
        var audit = edited ?? await db.StandardAudits.AsNoTracking().Include(a => a.Results)
            .FirstOrDefaultAsync(a => a.Id == id && a.EstablishmentId == access.Current.Id, ct);
        if (audit is null)
        {
            return null;
        }
        var version = await db.ChecklistVersions.AsNoTracking().Include(v => v.Items).Include(v => v.Standard).FirstAsync(v => v.Id == audit.ChecklistVersionId, ct);
        var results = audit.Results.ToDictionary(r => r.ChecklistItemId);
        var items = version.Items.OrderBy(i => i.Position)
            .Select(i => new AuditItemView(i, results.GetValueOrDefault(i.Id)?.Result, results.GetValueOrDefault(i.Id)?.Note)).ToList();
        var replacements = await db.StandardAudits.AsNoTracking().Where(a => a.SupersedesId == audit.Id).Select(a => new { a.Id, a.Status }).ToListAsync(ct);
        var score = AuditScore.Of(items.Select(i => i.Result));
        return new AuditPageModel(access.Current, audit, version.Standard!, version.Version, items, score, AuditScore.RagOf(score, query.Options),
            replacements.FirstOrDefault(r => r.Status == AuditStatus.Completed)?.Id,
            replacements.FirstOrDefault(r => r.Status == AuditStatus.Draft)?.Id);
    }

    private async Task<ViewResult> PageAsync(StartAuditForm form, CancellationToken ct)
    {
        var e = access.Current;
        var standards = (await query.StandardsAsync(ct)).ToDictionary(s => s.Id);
        var facts = await query.AuditFactsAsync([e.Id], ct);
        var superseded = facts.Where(f => f.Status == AuditStatus.Completed && f.SupersedesId is not null).Select(f => f.SupersedesId!.Value).ToHashSet();
        var details = await db.StandardAudits.AsNoTracking().Where(a => a.EstablishmentId == e.Id).ToDictionaryAsync(a => a.Id, a => new { a.Area, a.Auditor }, ct);
        var rows = facts.OrderByDescending(f => f.AuditDate).ThenByDescending(f => f.Id)
            .Select(f => new AuditListRow(f, standards[f.StandardId], details[f.Id].Area, details[f.Id].Auditor, superseded.Contains(f.Id))).ToList();
        var panel = await query.ForEstablishmentAsync(e.Id, ct);
        return View("Index", new StandardsPageModel(e, panel, rows, form, EstablishmentAccess.Can(User, e, Capability.Manage)));
    }
}
