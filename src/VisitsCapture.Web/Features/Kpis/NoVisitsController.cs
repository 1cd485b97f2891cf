using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>
/// Prisoners with no attended visit in the last 90 days, for family-support follow-up. Only the Governor and the
/// visits staff of the establishment: the CaptureVisits policy admits exactly those (never a pathway lead or an
/// administrator), which is why it guards a page that captures nothing.
/// </summary>
[Authorize(Policy = Policies.CaptureVisits)]
public sealed class NoVisitsController(EstablishmentAccess access, NoVisitsQuery query) : Controller
{
    [HttpGet("/establishments/{establishment}/no-visits")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("NoVisits", await query.ForAsync(access.Current.Id, ct));

    [HttpGet("/establishments/{establishment}/no-visits/csv")]
    public async Task<IActionResult> Csv(CancellationToken ct)
    {
        var e = access.Current;
        var list = await query.ForAsync(e.Id, ct);
        var table = ExportTable.Prisoners("No visits", list.Prisoners);
        return ExportDownload.File(table, "csv", $"{e.Code}-no-attended-visit-{list.Today:yyyy-MM-dd}")!;
    }
}
