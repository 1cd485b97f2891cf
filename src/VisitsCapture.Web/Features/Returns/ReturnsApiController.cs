using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>A KPI of a return or a roll-up, rounded as published; null is "no data", or a withheld small number when <see cref="Suppressed"/>.</summary>
public sealed record ReturnKpiDto(string Kpi, string Name, double? Value, bool Suppressed);

/// <summary>
/// One line of a returns table: an establishment's latest return for the period (version and status given for a
/// month), or a family group, region or the nation summed as ratios of sums.
/// </summary>
public sealed record ReturnRowDto(string Key, string Name, string? Region, string? FamilyGroup, int? Version, string? Status, bool Revised, int Returns,
    double? Population, IReadOnlyList<ReturnKpiDto> Kpis, int? UnknownHomes, bool UnknownHomesSuppressed, int? NearerToHome, bool NearerToHomeSuppressed);

/// <summary>A month's or a quarter's returns at one level, one page of rows.</summary>
public sealed record ReturnsDto(string Period, int MonthsInPeriod, string Level, ApiPage<ReturnRowDto> Rows);

/// <summary>One version of an establishment's monthly return, with its sign-off and KPIs.</summary>
public sealed record ReturnVersionDto(string Month, int Version, string Status, bool Latest, bool Revised, string? RevisionReason, string? FamilyGroup,
    DateTime GeneratedAt, string? SignedOffBy, DateTime? SignedOffAt, double? Population, IReadOnlyList<ReturnKpiDto> Kpis, int? UnknownHomes, int? NearerToHome);

/// <summary>
/// Returns for scripts and other systems: the same returns, roll-ups (ratios of sums), scope and small-number rule as
/// the returns pages.
/// </summary>
[ApiController]
[Tags("Returns")]
public sealed class ReturnsApiController(VisitsDbContext db, EstablishmentAccess access, ReturnRollups rollups, SmallNumberViews smallNumbers) : ControllerBase
{
    public static readonly string[] Levels = ["establishments", "family-groups", "regions", "national"];

    /// <summary>A month's or a financial quarter's returns per establishment, family group, region or nationally.</summary>
    [HttpGet("/api/returns/{period}")]
    [Authorize(Policy = Policies.PathwayLead)]
    [EndpointSummary("Monthly or quarterly returns at a level")]
    [EndpointDescription("period is a month (YYYY-MM, e.g. 2025-04) or a financial quarter (YYYY-Qn, e.g. 2025-Q1 = April to June 2025). level is establishments (default), family-groups, regions or national (national pathway leads only). Each row is the latest version of each monthly return, summed over the period as ratios of sums; a month's establishment rows give the version and sign-off status. Counts from 1 to the small-number threshold - 1 are withheld (null, suppressed: true). Rows are paged: page from 1, pageSize 1 to 500 (default 100).")]
    [ProducesResponseType<ReturnsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<ActionResult<ReturnsDto>> Period(string period, string? level, int page = 1, int pageSize = 100, CancellationToken ct = default)
    {
        List<YearMonth> months;
        if (YearMonth.TryParse(period, out var m))
        {
            months = [m];
        }
        else if (FinancialQuarter.TryParse(period, out var q))
        {
            months = q.Months.ToList();
        }
        else
        {
            ModelState.AddModelError(nameof(period), "period must be a month (YYYY-MM, e.g. 2025-04) or a financial quarter (YYYY-Qn, e.g. 2025-Q1).");
            months = [];
        }
        level ??= "establishments";
        if (!Levels.Contains(level))
        {
            ModelState.AddModelError(nameof(level), "level must be establishments, family-groups, regions or national.");
        }
        if (!ApiPage.IsValid(page, pageSize))
        {
            ModelState.AddModelError(nameof(pageSize), ApiPage.Invalid);
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        var scope = await ReturnsScope.OfAsync(User, access);
        if (level == "national" && !scope.National)
        {
            return Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The national line is for national pathway leads only.");
        }
        var name = months.Count == 1 ? months.First().ToString() : FinancialQuarter.Of(months.First()).ToString();
        var rollup = await rollups.RollupAsync(name, months, scope.Ids, scope.National, ct);
        IReadOnlyList<ReturnRow> rows = level switch
        {
            "family-groups" => rollup.FamilyGroups,
            "regions" => rollup.Regions,
            "national" => rollup.National is { } n ? [n] : [],
            _ => rollup.Establishments,
        };
        // Several establishments, groups, regions or the nation: small numbers withheld, as on the returns pages.
        var display = smallNumbers.Outside;
        return new ReturnsDto(rollup.Period, rollup.MonthsInPeriod, level, ApiPage.Of(rows.Select(r => Row(r, display)).ToList(), page, pageSize));
    }

    /// <summary>An establishment's monthly returns, every version, newest first.</summary>
    [HttpGet("/api/establishments/{establishment}/returns")]
    [Authorize(Policy = Policies.ViewEstablishment)]
    [EndpointSummary("An establishment's monthly returns with their versions")]
    [EndpointDescription("Every version of the establishment's monthly returns (newest month first, then newest version), with status (Draft or SignedOff), who signed it off and when, whether it is a revision and why, and its KPIs as published. month (YYYY-MM) narrows to one month. Paged: page from 1, pageSize 1 to 500 (default 100).")]
    [ProducesResponseType<ApiPage<ReturnVersionDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public async Task<ActionResult<ApiPage<ReturnVersionDto>>> Establishment(string establishment, string? month, int page = 1, int pageSize = 100, CancellationToken ct = default)
    {
        YearMonth m = default;
        if (month is not null && !YearMonth.TryParse(month, out m))
        {
            ModelState.AddModelError(nameof(month), "month must be in the form YYYY-MM, for example 2025-04.");
        }
        if (!ApiPage.IsValid(page, pageSize))
        {
            ModelState.AddModelError(nameof(pageSize), ApiPage.Invalid);
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        var e = access.Current;
        var query = db.MonthlyReturns.AsNoTracking().Where(r => r.EstablishmentId == e.Id);
        if (month is not null)
        {
            var key = m.Key;
            query = query.Where(r => r.Month == key);
        }
        var all = await query.OrderByDescending(r => r.Month).ThenByDescending(r => r.Version).ToListAsync(ct);
        var latest = all.GroupBy(r => r.Month).ToDictionary(g => g.Key, g => g.Max(r => r.Version));
        // The establishment's own return, as its return page shows it: exact for its staff, small numbers withheld for others.
        var display = smallNumbers.For(User, e);
        var versions = all.Select(r =>
        {
            var figures = KpiRollup.Single(r.Counts);
            return new ReturnVersionDto(YearMonth.FromKey(r.Month).ToString(), r.Version, r.Status.ToString(), r.Version == latest[r.Month], r.Revised, r.RevisionReason,
                r.FamilyGroup, r.GeneratedAt, r.SignedOffBy, r.SignedOffAt, Rounding.HalfAwayFromZero(r.Counts.Population, 2),
                Kpis(figures, display), display.IsWithheld(figures.UnknownHomes) ? null : figures.UnknownHomes,
                display.IsWithheld(figures.NearerToHome) ? null : figures.NearerToHome);
        }).ToList();
        return ApiPage.Of(versions, page, pageSize);
    }

    /// <summary>A row of a returns table, with small numbers withheld as the returns pages and downloads withhold them.</summary>
    private static ReturnRowDto Row(ReturnRow r, KpiDisplay display)
    {
        var unknown = r.Figures.UnknownHomes;
        var unknownWithheld = display.IsWithheld(unknown);
        var nearer = r.Figures.NearerToHome;
        var nearerWithheld = display.IsWithheld(nearer);
        return new ReturnRowDto(r.Key, r.Name, r.Region, r.FamilyGroup, r.Version, r.Status?.ToString(), r.Revised, r.Returns,
            Rounding.HalfAwayFromZero(r.Figures.Population, 2), Kpis(r.Figures, display), unknownWithheld ? null : unknown, unknownWithheld,
            nearerWithheld ? null : nearer, nearerWithheld);
    }

    private static List<ReturnKpiDto> Kpis(KpiRollup figures, KpiDisplay display) => KpiFormulas.All.Select(k =>
    {
        var withheld = display.IsWithheld(k, figures.Value(k));
        return new ReturnKpiDto(k.ToString(), KpiFormulas.Name(k), withheld ? null : figures.Rounded(k), withheld);
    }).ToList();
}
