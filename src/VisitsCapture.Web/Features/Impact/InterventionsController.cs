using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Impact;

public sealed record InterventionsModel(Establishment Establishment, IReadOnlyList<InterventionReport> Interventions, int WindowMonths);

public sealed record InterventionFormModel(Establishment Establishment, string Title, string Action, InterventionForm Form, int? Id);

public sealed record InterventionModel(Establishment Establishment, InterventionReport Report);

/// <summary>
/// An establishment's interventions (DESIGN.md "What works"): recorded, changed and removed by its governor and by
/// pathway leads (the establishment policy's View capability: governors here, pathway leads nationally or in the
/// region; not hall staff), each with its measured impact.
/// </summary>
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("establishments/{establishment}/interventions")]
public sealed class InterventionsController(VisitsDbContext db, EstablishmentAccess access, ImpactQuery impact) : Controller
{
    private string BasePath => $"/establishments/{access.Current.Code}/interventions";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View("Interventions", new InterventionsModel(access.Current, await impact.ForEstablishmentAsync(access.Current.Id, ct), impact.WindowMonths));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await impact.ForInterventionAsync(access.Current.Id, id, ct) is { } report
            ? View("Intervention", new InterventionModel(access.Current, report))
            : NotFound();

    [HttpGet("new")]
    public IActionResult New() => FormView("Record an intervention", $"{BasePath}/new", new InterventionForm(), null);

    [HttpPost("new")]
    public async Task<IActionResult> Create(InterventionForm form, CancellationToken ct)
    {
        var intervention = new Intervention { EstablishmentId = access.Current.Id, Description = "" };
        if (!form.TryApply(intervention, ModelState) || !await IsNewAsync(intervention, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormView("Record an intervention", $"{BasePath}/new", form, null);
        }
        db.Interventions.Add(intervention);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{InterventionKinds.Name(intervention.Kind)} from {Dates.Long(intervention.StartDate)} recorded";
        return Redirect($"{BasePath}/{intervention.Id}");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } i ? FormView("Change an intervention", $"{BasePath}/{id}/edit", InterventionForm.From(i), id) : NotFound();

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, InterventionForm form, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } intervention)
        {
            return NotFound();
        }
        if (!form.TryApply(intervention, ModelState) || !await IsNewAsync(intervention, ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormView("Change an intervention", $"{BasePath}/{id}/edit", form, id);
        }
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{InterventionKinds.Name(intervention.Kind)} from {Dates.Long(intervention.StartDate)} changed";
        return Redirect($"{BasePath}/{id}");
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } intervention)
        {
            return NotFound();
        }
        db.Interventions.Remove(intervention);
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"{InterventionKinds.Name(intervention.Kind)} from {Dates.Long(intervention.StartDate)} removed";
        return Redirect(BasePath);
    }

    /// <summary>One intervention of a kind per establishment and start date (the import's key).</summary>
    private async Task<bool> IsNewAsync(Intervention i, CancellationToken ct)
    {
        var taken = await db.Interventions.AnyAsync(x => x.Id != i.Id && x.EstablishmentId == i.EstablishmentId && x.StartDate == i.StartDate && x.Kind == i.Kind, ct);
        if (taken)
        {
            ModelState.AddModelError(nameof(InterventionForm.Kind), "An intervention of this kind starting on this date is already recorded: change that one instead");
        }
        return !taken;
    }

    // Keyed by the authorised establishment: nobody reaches another establishment's intervention through this one's address.
    private Task<Intervention?> FindAsync(int id, CancellationToken ct) =>
        db.Interventions.FirstOrDefaultAsync(i => i.Id == id && i.EstablishmentId == access.Current.Id, ct);

    private ViewResult FormView(string title, string action, InterventionForm form, int? id) =>
        View("InterventionForm", new InterventionFormModel(access.Current, title, action, form, id));
}

/// <summary>Dates as the pages write them.</summary>
public static class Dates
{
    public static string Long(DateOnly date) => Core.Domain.LondonTime.Format(date);
}
