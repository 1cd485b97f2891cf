using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>An establishment's "Population and distance from home" page.</summary>
[Authorize(Policy = Policies.ViewEstablishment)]
public sealed class PopulationController(PopulationMeasures measures, NearerToHomeQuery nearerToHome, SmallNumberViews smallNumbers, EstablishmentAccess access) : Controller
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
        // The count for everyone who may see the page (small numbers withheld outside the establishment); the names list only for its own staff.
        var nearer = data?.Current.Locality is not null ? (await nearerToHome.ForAsync(e.Id, data.Month, ct))?.Cases.Count : null;
        return View(new PopulationPageModel(e, data, measures.RadiusMiles,
            EstablishmentAccess.Can(User, e, Capability.Manage),
            User.HasRole(Roles.PathwayLead),
            nearer is null ? null : smallNumbers.For(User, e).Count(nearer),
            EstablishmentAccess.Can(User, e, Capability.Capture)));
    }
}

/// <param name="NearerToHome">The nearer-to-home count as this viewer may see it; null without a prisoner-level snapshot.</param>
/// <param name="CanListNearerToHome">The viewer may see the prisoner numbers (the establishment's own Governor and staff).</param>
public sealed record PopulationPageModel(Establishment Establishment, EstablishmentPopulation? Data, double RadiusMiles, bool CanImport, bool CanCompare,
    string? NearerToHome, bool CanListNearerToHome);
