using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Impact;

/// <summary>An intervention's impact on one KPI (DESIGN.md "What works"). Values are rounded half away from zero to 2
/// places as the KPI is published; null is "no data".</summary>
public sealed record KpiImpactDto(
    string Kpi,
    int MonthsBefore,
    int MonthsAfter,
    double? Before,
    double? After,
    int Comparators,
    double? ComparatorsBefore,
    double? ComparatorsAfter,
    double? Effect,
    int? PlaceboRank,
    int PlaceboCount);

/// <summary>An intervention with its comparators (establishment codes) and its impact on the four KPIs.</summary>
public sealed record InterventionImpactDto(
    int Id,
    string Establishment,
    string Kind,
    DateOnly StartDate,
    string Description,
    decimal? Cost,
    int WindowMonths,
    string? FamilyGroup,
    IReadOnlyList<string> Comparators,
    IReadOnlyList<KpiImpactDto> Impacts);

/// <summary>The interventions API: the same numbers and the same authorisation as the intervention pages.</summary>
[ApiController]
[Tags("Interventions")]
public sealed class ImpactApiController(ImpactQuery impact, EstablishmentAccess access) : ControllerBase
{
    /// <summary>An establishment's interventions with their impact.</summary>
    [HttpGet("/api/establishments/{establishment}/interventions")]
    [Authorize(Policy = Policies.ViewEstablishment)]
    [EndpointSummary("An establishment's interventions with their impact")]
    [EndpointDescription("Every intervention of the establishment (by its code, e.g. BMI), latest first, with its comparators (its family group in the start month less the establishment and any member with an intervention of the same kind in the window) and, for capacity ratio, visits per 100 prisoners, child visitors per 100 prisoners and prisoner reach %, the before and after values, the comparators' pooled values, the difference-in-differences effect and the placebo rank. An association with a comparison, not proof of cause. The values are ratios, not counts of people, so no small number is withheld.")]
    [ProducesResponseType<IReadOnlyList<InterventionImpactDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<IReadOnlyList<InterventionImpactDto>>> Interventions(string establishment, CancellationToken ct)
    {
        var reports = await impact.ForEstablishmentAsync(access.Current.Id, ct);
        return Ok(reports.Select(Dto).ToList());
    }

    public static InterventionImpactDto Dto(InterventionReport r) => new(
        r.Intervention.Id,
        r.Establishment.Code,
        r.Intervention.Kind.ToString(),
        r.Intervention.StartDate,
        r.Intervention.Description,
        r.Intervention.Cost,
        r.Window.Months,
        r.FamilyGroup?.Name,
        r.Comparators.Select(c => c.Code).ToList(),
        r.Impacts.Select(i => new KpiImpactDto(
            KpiFormulas.CsvColumn(i.Kpi),
            i.Before.Months,
            i.After.Months,
            KpiFormulas.Published(i.Kpi, i.Before.Value),
            KpiFormulas.Published(i.Kpi, i.After.Value),
            i.Comparators,
            KpiFormulas.Published(i.Kpi, i.ComparatorsBefore),
            KpiFormulas.Published(i.Kpi, i.ComparatorsAfter),
            KpiFormulas.Published(i.Kpi, i.Effect),
            i.PlaceboRank,
            i.PlaceboCount)).ToList());
}
