using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>A target as listed: what it is set for and on which KPI.</summary>
public sealed record TargetRow(KpiTarget Target, string AppliesTo, bool Editable);

public sealed record TargetsModel(string Title, string? Caption, string BasePath, IReadOnlyList<TargetRow> Targets, double DefaultTolerancePct, bool Admin);

public sealed record TargetFormModel(string Title, string? Caption, string Action, string BasePath, TargetForm Form, IReadOnlyList<SelectOption>? Owners);

/// <summary>A governor's targets (KPTs) for their establishment, and standards for enhanced family visits, set the same way.</summary>
[Authorize(Policy = Policies.ManageEstablishment)]
[Route("establishments/{establishment}/targets")]
public sealed class TargetsController(VisitsDbContext db, EstablishmentAccess access, FamilyGroups groups, ReportingCalendar calendar, IOptions<MeasuresOptions> options) : Controller
{
    private string BasePath => $"/establishments/{access.Current.Code}/targets";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var e = access.Current;
        var group = (await groups.MembershipsAsync(calendar.CurrentMonth, ct)).GetValueOrDefault(e.Id);
        int? groupId = group?.Id;
        var targets = await db.Targets.AsNoTracking()
            .Where(t => t.EstablishmentId == e.Id || (t.EstablishmentId == null && t.FamilyGroupId != null && t.FamilyGroupId == groupId))
            .ToListAsync(ct);
        var rows = targets.OrderBy(t => t.Kpi).ThenBy(t => t.TargetDate)
            .Select(t => new TargetRow(t, t.EstablishmentId is null ? $"{group!.Name} (family group, set by an administrator)" : e.Name, t.EstablishmentId == e.Id))
            .ToList();
        return View("Targets", new TargetsModel("Targets", e.Name, BasePath, rows, options.Value.RagAmberTolerancePct, Admin: false));
    }

    [HttpGet("new")]
    public IActionResult New() => FormView("Add a target", $"{BasePath}/new", new TargetForm());

    [HttpPost("new")]
    public async Task<IActionResult> Create(TargetForm form, CancellationToken ct)
    {
        var target = new KpiTarget { EstablishmentId = access.Current.Id };
        if (!form.TryApply(target, ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormView("Add a target", $"{BasePath}/new", form);
        }
        db.Targets.Add(target);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "added");
        return Redirect(BasePath);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } t ? FormView("Change a target", $"{BasePath}/{id}/edit", TargetForm.From(t)) : NotFound();

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, TargetForm form, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } target)
        {
            return NotFound();
        }
        if (!form.TryApply(target, ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormView("Change a target", $"{BasePath}/{id}/edit", form);
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "changed");
        return Redirect(BasePath);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } target)
        {
            return NotFound();
        }
        db.Targets.Remove(target);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "removed");
        return Redirect(BasePath);
    }

    // Keyed by the authorised establishment: a governor can never reach another establishment's or a group's target.
    private Task<KpiTarget?> FindAsync(int id, CancellationToken ct) =>
        db.Targets.FirstOrDefaultAsync(t => t.Id == id && t.EstablishmentId == access.Current.Id, ct);

    private ViewResult FormView(string title, string action, TargetForm form) =>
        View("TargetForm", new TargetFormModel(title, access.Current.Name, action, BasePath, form, null));
}

/// <summary>Targets for family groups and for any establishment, kept by administrators.</summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/targets")]
public sealed class AdminTargetsController(VisitsDbContext db, IOptions<MeasuresOptions> options) : Controller
{
    private const string BasePath = "/admin/targets";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var owners = await OwnerNamesAsync(ct);
        var targets = await db.Targets.AsNoTracking().ToListAsync(ct);
        var rows = targets.Select(t => new TargetRow(t, owners.GetValueOrDefault(Owner(t)) ?? "Unknown", true))
            .OrderBy(r => r.Target.EstablishmentId is null ? 0 : 1).ThenBy(r => r.AppliesTo).ThenBy(r => r.Target.Kpi).ThenBy(r => r.Target.TargetDate)
            .ToList();
        return View("Targets", new TargetsModel("Targets and standards", "Administration", BasePath, rows, options.Value.RagAmberTolerancePct, Admin: true));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => await FormViewAsync("Add a target", $"{BasePath}/new", new TargetForm(), ct);

    [HttpPost("new")]
    public async Task<IActionResult> Create(TargetForm form, CancellationToken ct)
    {
        var target = new KpiTarget();
        if (!await TryApplyAsync(form, target, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await FormViewAsync("Add a target", $"{BasePath}/new", form, ct);
        }
        db.Targets.Add(target);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "added");
        return Redirect(BasePath);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await db.Targets.FindAsync([id], ct) is { } t ? await FormViewAsync("Change a target", $"{BasePath}/{id}/edit", TargetForm.From(t), ct) : NotFound();

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, TargetForm form, CancellationToken ct)
    {
        if (await db.Targets.FindAsync([id], ct) is not { } target)
        {
            return NotFound();
        }
        if (!await TryApplyAsync(form, target, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await FormViewAsync("Change a target", $"{BasePath}/{id}/edit", form, ct);
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "changed");
        return Redirect(BasePath);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (await db.Targets.FindAsync([id], ct) is not { } target)
        {
            return NotFound();
        }
        db.Targets.Remove(target);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = TargetForm.Done(target, "removed");
        return Redirect(BasePath);
    }

    private async Task<bool> TryApplyAsync(TargetForm form, KpiTarget target, CancellationToken ct)
    {
        var owners = await OwnerNamesAsync(ct);
        var ownerOk = form.Owner is not null && owners.ContainsKey(form.Owner);
        if (!ownerOk)
        {
            ModelState.AddModelError(nameof(TargetForm.Owner), "Select the family group or establishment the target is for");
        }
        var valid = form.TryApply(target, ModelState) && ownerOk;
        if (valid)
        {
            var id = int.Parse(form.Owner![2..], System.Globalization.CultureInfo.InvariantCulture);
            target.EstablishmentId = form.Owner.StartsWith('e') ? id : null;
            target.FamilyGroupId = form.Owner.StartsWith('g') ? id : null;
        }
        return valid;
    }

    private async Task<ViewResult> FormViewAsync(string title, string action, TargetForm form, CancellationToken ct)
    {
        var groups = await db.FamilyGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        var establishments = await db.Establishments.AsNoTracking().OrderBy(e => e.Name).Select(e => new { e.Id, e.Name, e.Code }).ToListAsync(ct);
        IReadOnlyList<SelectOption> owners =
        [
            new("", "Select the family group or establishment"),
            .. groups.Select(g => new SelectOption($"g:{g.Id}", g.Name, "Family groups")),
            .. establishments.Select(e => new SelectOption($"e:{e.Id}", $"{e.Name} ({e.Code})", "Establishments")),
        ];
        return View("TargetForm", new TargetFormModel(title, "Administration", action, BasePath, form, owners));
    }

    private async Task<Dictionary<string, string>> OwnerNamesAsync(CancellationToken ct)
    {
        var groups = await db.FamilyGroups.AsNoTracking().Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        var establishments = await db.Establishments.AsNoTracking().Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        return groups.Select(g => ($"g:{g.Id}", $"{g.Name} (family group)"))
            .Concat(establishments.Select(e => ($"e:{e.Id}", e.Name)))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }

    private static string Owner(KpiTarget t) => t.EstablishmentId is { } e ? $"e:{e}" : $"g:{t.FamilyGroupId}";
}
