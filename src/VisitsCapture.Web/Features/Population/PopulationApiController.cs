using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Population;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// Distance from home and the population locality index of prisoners with a known home. Counts that are small
/// numbers are null when withheld (<see cref="Suppressed"/>); percentages 2 places, miles 1, as published.
/// </summary>
public sealed record LocalityDto(int? KnownHomes, int? UnknownHomes, int? WithinRadius, double RadiusMiles, double? PliPct, double? MedianMiles, double? MeanMiles,
    IReadOnlyDictionary<string, int?> DistanceBands, bool Suppressed);

/// <summary>One line of the population comparison: an establishment or a family group in the month.</summary>
public sealed record PopulationRowDto(string Name, string? Code, string? Region, string? FamilyGroup, int Establishments, double? Population, LocalityDto? Locality,
    int? HomeInWalesHeldInEngland, int? HomeInEnglandHeldInWales);

public sealed record PopulationComparisonDto(string Month, string? Region, string Level, PopulationRowDto Total, ApiPage<PopulationRowDto> Rows);

public sealed record PopulationMonthDto(string Month, double? Population, int Snapshots, DateOnly? PrisonerLevelDate, LocalityDto? Locality);

public sealed record EstablishmentPopulationDto(string Establishment, string Name, PopulationMonthDto Current, IReadOnlyList<PopulationMonthDto> Trend);

/// <summary>Population locality and distance summaries: the same measures, scope and small-number rule as the population pages.</summary>
[ApiController]
[Tags("Population")]
public sealed class PopulationApiController(PopulationMeasures measures, EstablishmentAccess access, TimeProvider clock, SmallNumberViews smallNumbers) : ControllerBase
{
    [HttpGet("/api/population")]
    [Authorize(Policy = Policies.PathwayLead)]
    [EndpointSummary("Population locality and distance by establishment or family group")]
    [EndpointDescription("For the month (YYYY-MM; default the latest with data) and optionally one region: every establishment in the caller's scope (level=establishments, default) or each family group (level=family-groups), with population, the locality index, median and mean distance from home and cross-border counts, and the total. Counts from 1 to the small-number threshold - 1 are withheld (null). Paged: page from 1, pageSize 1 to 500 (default 100).")]
    [ProducesResponseType<PopulationComparisonDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<ActionResult<PopulationComparisonDto>> Comparison(string? month, string? region, string? level, int page = 1, int pageSize = 100, CancellationToken ct = default)
    {
        level ??= "establishments";
        if (level is not ("establishments" or "family-groups"))
        {
            ModelState.AddModelError(nameof(level), "level must be establishments or family-groups.");
        }
        if (!ApiPage.IsValid(page, pageSize))
        {
            ModelState.AddModelError(nameof(pageSize), ApiPage.Invalid);
        }
        var query = ModelState.IsValid ? await PopulationComparisonController.ComparisonQuery(User, access, measures, clock, month, region, ct) : null;
        if (ModelState.IsValid && query is null)
        {
            ModelState.AddModelError(nameof(month), "month must be in the form YYYY-MM, and region one of the regions you can view.");
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        var (m, _, comparison) = query!.Value;
        var rows = level == "family-groups" ? comparison.FamilyGroups : comparison.Establishments.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var display = smallNumbers.Outside;
        return new PopulationComparisonDto(m.ToString(), region, level, Row(comparison.Total, display),
            ApiPage.Of(rows.Select(r => Row(r, display)).ToList(), page, pageSize));
    }

    [HttpGet("/api/establishments/{establishment}/population/summary")]
    [Authorize(Policy = Policies.ViewEstablishment)]
    [EndpointSummary("An establishment's population, locality index and distance from home")]
    [EndpointDescription("For the month (YYYY-MM; default the latest with a snapshot): population, the locality index, median and mean distance from home and the distance bands, with the trend of the last 24 months. Small numbers are withheld (null) from callers without a grant at the establishment. 404 when the establishment has no population data.")]
    [ProducesResponseType<EstablishmentPopulationDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<EstablishmentPopulationDto>> Establishment(string establishment, string? month, CancellationToken ct)
    {
        var e = access.Current;
        YearMonth? shown = null;
        if (!string.IsNullOrEmpty(month))
        {
            if (!PopulationMeasures.TryParseMonth(month, out var m))
            {
                ModelState.AddModelError(nameof(month), "month must be in the form YYYY-MM, for example 2025-04.");
                return ValidationProblem(ModelState);
            }
            shown = m;
        }
        shown ??= await measures.LatestMonthAsync(e.Id, ct);
        if (shown is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The establishment has no population data.");
        }
        var data = await measures.ForEstablishmentAsync(e, shown.Value, ct);
        var display = smallNumbers.For(User, e);
        return new EstablishmentPopulationDto(e.Code, e.Name, Month(data.Current, display), data.Trend.Select(t => Month(t, display)).ToList());
    }

    private PopulationMonthDto Month(MonthMeasures m, KpiDisplay display) =>
        new(m.Month.ToString(), Rounding.HalfAwayFromZero(m.Population, 1), m.SnapshotCount, m.PrisonerLevelDate, Locality(m.Locality, display));

    private PopulationRowDto Row(ComparisonRow r, KpiDisplay display) => new(r.Name, r.Code, r.Region, r.FamilyGroup, r.Establishments,
        Rounding.HalfAwayFromZero(r.Population, 1), Locality(r.Locality, display),
        Count(r.CrossBorder.HomeInWalesHeldInEngland, display), Count(r.CrossBorder.HomeInEnglandHeldInWales, display));

    private LocalityDto? Locality(LocalityResult? l, KpiDisplay display) => l is null ? null : new LocalityDto(
        Count(l.KnownHomes, display), Count(l.UnknownHomes, display), Count(l.WithinRadius, display), measures.RadiusMiles,
        Rounding.HalfAwayFromZero(l.PliPct, 2), Rounding.HalfAwayFromZero(l.MedianMiles, 1), Rounding.HalfAwayFromZero(l.MeanMiles, 1),
        l.Bands.ToDictionary(b => b.Key.ToString(), b => Count(b.Value, display)),
        new[] { l.KnownHomes, l.UnknownHomes, l.WithinRadius }.Concat(l.Bands.Values).Any(n => display.IsWithheld(n)));

    /// <summary>The count, or null when it is a small number withheld in this view.</summary>
    private static int? Count(int n, KpiDisplay display) => display.IsWithheld(n) ? null : n;
}
