using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// The prisoners who could be held nearer to home (DESIGN.md "Nearer to home"), with the establishments near their home.
/// Prisoner numbers: only the establishment's own Governor and visits staff (CaptureVisits policy, as the "no visit in
/// 90 days" list); everyone else sees the count on the population page and in returns.
/// </summary>
[Authorize(Policy = Policies.CaptureVisits)]
public sealed class NearerToHomeController(EstablishmentAccess access, NearerToHomeQuery query) : Controller
{
    [HttpGet("/establishments/{establishment}/nearer-to-home")]
    public async Task<IActionResult> Index(string? month, CancellationToken ct)
    {
        if (!TryMonth(month, out var shown))
        {
            return BadRequest();
        }
        return View("NearerToHome", await query.ForAsync(access.Current.Id, shown, ct));
    }

    [HttpGet("/establishments/{establishment}/nearer-to-home/csv")]
    public async Task<IActionResult> Csv(string? month, CancellationToken ct)
    {
        if (!TryMonth(month, out var shown))
        {
            return BadRequest();
        }
        var e = access.Current;
        var list = await query.ForAsync(e.Id, shown, ct);
        var rows = (list?.Cases ?? []).Select(c => (IReadOnlyList<ExportCell>)
        [
            c.Prisoner,
            ExportCell.Of(Rounding.HalfAwayFromZero(c.Miles, 1), Rounding.Format(c.Miles, 1)),
            string.Join(' ', c.Nearer.Select(n => n.Code)),
        ]).ToList();
        var table = new ExportTable("Nearer to home", ["prisoner", "miles_from_home", "establishments_nearer"], rows);
        return ExportDownload.File(table, "csv", $"{e.Code}-nearer-to-home-{list?.Month.ToString() ?? "none"}")!;
    }

    private static bool TryMonth(string? text, out Core.Domain.YearMonth? month)
    {
        month = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!PopulationMeasures.TryParseMonth(text, out var m))
        {
            return false;
        }
        month = m;
        return true;
    }
}
