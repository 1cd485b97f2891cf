using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>One month of a KPI time series: each KPI's value as published (null: no data, or withheld when suppressed).</summary>
public sealed record KpiMonthDto(string Month, IReadOnlyList<KpiPointDto> Kpis);

public sealed record KpiPointDto(string Kpi, double? Value, bool Suppressed);

public sealed record KpiSeriesDto(string Establishment, string Name, string From, string To, IReadOnlyList<KpiMonthDto> Months);

/// <summary>An establishment's KPIs month by month, with the dashboard's numbers, authorisation and small-number rule.</summary>
[ApiController]
[Tags("KPIs")]
public sealed class KpiSeriesApiController(KpiEngine engine, EstablishmentAccess access, ReportingCalendar calendar, SmallNumberViews smallNumbers) : ControllerBase
{
    public const int MaxMonths = 36;

    [HttpGet("/api/establishments/{establishment}/kpis/series")]
    [Authorize(Policy = Policies.ViewEstablishment)]
    [EndpointSummary("An establishment's KPI time series")]
    [EndpointDescription("Every KPI of the establishment for each month from 'from' to 'to' (YYYY-MM; default the 12 months to the last complete month; at most 36 months). Values are rounded as published; null is no data, or a small number withheld (suppressed: true) from callers without a grant at the establishment.")]
    [ProducesResponseType<KpiSeriesDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<ActionResult<KpiSeriesDto>> Series(string establishment, string? from, string? to, CancellationToken ct)
    {
        var last = calendar.LastCompleteMonth;
        if (to is not null && !(YearMonth.TryParse(to, out last) && calendar.IsReportable(last)))
        {
            ModelState.AddModelError(nameof(to), "to must be a month in the form YYYY-MM, no later than the current month.");
            return ValidationProblem(ModelState);
        }
        var first = last.AddMonths(-11);
        if (from is not null && !(YearMonth.TryParse(from, out first) && calendar.IsReportable(first)))
        {
            ModelState.AddModelError(nameof(from), "from must be a month in the form YYYY-MM, from 2000-01.");
            return ValidationProblem(ModelState);
        }
        if (first > last || first.AddMonths(MaxMonths - 1) < last)
        {
            ModelState.AddModelError(nameof(from), $"from must be no later than to, and at most {MaxMonths} months before it.");
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        var months = new List<YearMonth>();
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            months.Add(m);
        }
        var e = access.Current;
        var byMonth = await engine.ForMonthsAsync(months, ct);
        var display = smallNumbers.For(User, e);
        var series = months.Select(m =>
        {
            var values = byMonth[m].ValuesOf(e.Id);
            return new KpiMonthDto(m.ToString(), KpiFormulas.All.Select(k =>
            {
                var value = values?.Value(k);
                return new KpiPointDto(k.ToString(), display.Published(k, value), display.IsWithheld(k, value));
            }).ToList());
        }).ToList();
        return new KpiSeriesDto(e.Code, e.Name, first.ToString(), last.ToString(), series);
    }
}
