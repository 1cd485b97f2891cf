using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>A point of a trend chart: the establishment's published value and its group's median that month.</summary>
public sealed record TrendPoint(YearMonth Month, double? Value, double? GroupMedian, string? Group);

public sealed record Trend(Kpi Kpi, IReadOnlyList<TrendPoint> Points);

/// <summary>An intervention starting within the trend months, marked on the trend charts.</summary>
public sealed record TrendMarker(int Id, YearMonth Month, DateOnly Start, InterventionKind Kind, string Description);

public sealed record DashboardModel(
    EstablishmentReport Report,
    KpiDisplay Display,
    IReadOnlyList<YearMonth> MonthOptions,
    IReadOnlyList<Trend> Trends,
    DataQuality Quality,
    bool CanSeeNoVisits,
    bool CanManageTargets,
    IReadOnlyList<TrendMarker> Interventions);

/// <summary>The governor's KPI dashboard: a month's KPIs against the family group and targets, trends and data quality.</summary>
[Authorize(Policy = Policies.ViewEstablishment)]
public sealed class DashboardController(EstablishmentAccess access, KpiEngine engine, DataQualityQuery quality, ReportingCalendar calendar,
    SmallNumberViews smallNumbers, VisitsDbContext db) : Controller
{
    public const int TrendMonths = 13;

    [HttpGet("/establishments/{establishment}/dashboard")]
    public async Task<IActionResult> Index(string? month, CancellationToken ct)
    {
        var e = access.Current;
        var selected = calendar.LastCompleteMonth;
        if (month is not null && !(YearMonth.TryParse(month, out selected) && calendar.IsReportable(selected)))
        {
            ModelState.AddModelError("month", "Select a month from the list");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            selected = calendar.LastCompleteMonth;
        }

        var months = Enumerable.Range(0, TrendMonths).Select(i => selected.AddMonths(i - (TrendMonths - 1))).ToList();
        var byMonth = await engine.ForMonthsAsync(months, ct);
        var report = EstablishmentReport.Build(byMonth[selected], byMonth[selected.Previous], e.Id);
        var trends = KpiDisplay.Headline.Select(kpi => new Trend(kpi, months.Select(m =>
        {
            var period = byMonth[m];
            var group = period.GroupOfEstablishment(e.Id);
            var median = group is null ? null : period.Compare(group, kpi).Median;
            return new TrendPoint(m, period.ValuesOf(e.Id)?.Rounded(kpi), KpiFormulas.Published(kpi, median), group?.Name);
        }).ToList())).ToList();

        var first = months[0].FirstDay;
        var last = selected.LastDay;
        var interventions = (await db.Interventions.AsNoTracking()
                .Where(i => i.EstablishmentId == e.Id && i.StartDate >= first && i.StartDate <= last)
                .ToListAsync(ct))
            .OrderBy(i => i.StartDate).ThenBy(i => i.Kind)
            .Select(i => new TrendMarker(i.Id, i.StartMonth, i.StartDate, i.Kind, i.Description))
            .ToList();

        // Small numbers are withheld unless the viewer works at this establishment (a pathway lead is outside it).
        var display = smallNumbers.For(User, e);
        var offered = calendar.RecentMonths(36);
        return View("Dashboard", new DashboardModel(
            report,
            display,
            offered.Contains(selected) ? offered : [selected, .. offered],
            trends,
            await quality.ForMonthAsync(e.Id, selected, report.Values?.All, ct),
            !display.Suppress,
            EstablishmentAccess.Can(User, e, Capability.Manage),
            interventions));
    }
}
