using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>An establishment's "Population and distance from home" page.</summary>
[Authorize(Policy = Policies.ViewEstablishment)]
public sealed class PopulationController(PopulationMeasures measures, EstablishmentAccess access) : Controller
{
    [HttpGet("establishments/{establishment}/population")]
    public async Task<IActionResult> Index(string? month, CancellationToken ct)
    {
        var e = access.Current;
        YearMonth? shown;
        if (!string.IsNullOrEmpty(month))
        {
            if (!PopulationMeasures.TryParseMonth(month, out var m))
            {
                return BadRequest();
            }
            shown = m;
        }
        else
        {
            shown = await measures.LatestMonthAsync(e.Id, ct);
        }
        var data = shown is { } s ? await measures.ForEstablishmentAsync(e, s, ct) : null;
        return View(new PopulationPageModel(e, data, measures.RadiusMiles,
            EstablishmentAccess.Can(User, e, Capability.Manage),
            User.HasRole(Roles.PathwayLead)));
    }
}

public sealed record PopulationPageModel(Establishment Establishment, EstablishmentPopulation? Data, double RadiusMiles, bool CanImport, bool CanCompare);
