using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>
/// Arrivals not yet visited, for family contact on arrival (DESIGN.md, Farmer Review recommendation 5). Prisoner numbers:
/// only the Governor and the visits staff of the establishment, as the "no visit in 90 days" list (CaptureVisits policy).
/// </summary>
[Authorize(Policy = Policies.CaptureVisits)]
public sealed class ArrivalsNotVisitedController(EstablishmentAccess access, FamilyContactQuery query) : Controller
{
    [HttpGet("/establishments/{establishment}/arrivals-not-visited")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("ArrivalsNotVisited", await query.NotVisitedAsync(access.Current.Id, ct));

    [HttpGet("/establishments/{establishment}/arrivals-not-visited/csv")]
    public async Task<IActionResult> Csv(CancellationToken ct)
    {
        var e = access.Current;
        var list = await query.NotVisitedAsync(e.Id, ct);
        var table = ExportTable.Prisoners("Arrivals not visited", list.Prisoners);
        return ExportDownload.File(table, "csv", $"{e.Code}-arrivals-not-visited-{list.Today:yyyy-MM-dd}")!;
    }
}
