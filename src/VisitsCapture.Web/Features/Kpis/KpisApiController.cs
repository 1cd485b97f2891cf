using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>A family group's distribution of a KPI. Statistics that are small numbers (counts from 1 to the
/// threshold − 1) are withheld as null, and <see cref="Suppressed"/> says so.</summary>
public sealed record GroupStatisticsDto(string FamilyGroup, int MembersWithValue, double? Min, double? LowerQuartile, double? Median, double? UpperQuartile, double? Max, bool Suppressed);

/// <summary>The key performance target that applies, and the RAG status of the value against it.</summary>
/// <param name="AppliesTo">"Establishment" (its own target) or "FamilyGroup" (its group's).</param>
/// <param name="Rag">Green, Amber, Red, or None when there is no value.</param>
public sealed record TargetDto(string AppliesTo, double TargetValue, DateOnly TargetDate, double? BaselineValue, DateOnly? BaselineDate, double AmberTolerance, string Rag);

/// <summary>One KPI of an establishment in the month. Values are rounded half away from zero as published (counts 0
/// places, miles 1, ratios and percentages 2); null is "no data", or a withheld small number when
/// <see cref="Suppressed"/> is true.</summary>
public sealed record EstablishmentKpiDto(
    string Kpi,
    string Name,
    bool HigherIsBetter,
    double? Value,
    bool Suppressed,
    double? PreviousValue,
    double? Change,
    GroupStatisticsDto? Group,
    int? Rank,
    int? RankOf,
    int? QuartilePosition,
    TargetDto? Target);

public sealed record EstablishmentKpisDto(string Establishment, string Name, string Month, string? FamilyGroup, IReadOnlyList<EstablishmentKpiDto> Kpis, int? UnknownHomeCount);

public sealed record MemberKpiDto(string Establishment, string Name, double? Value, bool Suppressed, int? Rank, int? QuartilePosition, TargetDto? Target);

/// <summary>One KPI of a family group: the group as a whole (ratio of sums), its statistics, the nation and each member.</summary>
public sealed record FamilyGroupKpiDto(
    string Kpi,
    string Name,
    bool HigherIsBetter,
    double? GroupValue,
    double? NationalValue,
    GroupStatisticsDto Statistics,
    TargetDto? GroupTarget,
    IReadOnlyList<MemberKpiDto> Members);

public sealed record FamilyGroupKpisDto(string FamilyGroup, string Month, IReadOnlyList<FamilyGroupKpiDto> Kpis);

/// <summary>The KPI API: the same numbers and the same authorisation as the dashboard and the family-group pages.</summary>
[ApiController]
[Tags("KPIs")]
public sealed class KpisApiController(KpiEngine engine, FamilyGroups groups, EstablishmentAccess access, ReportingCalendar calendar, SmallNumberViews smallNumbers) : ControllerBase
{
    /// <summary>An establishment's KPIs for a month, with its family-group comparison, ranks and targets.</summary>
    [HttpGet("/api/establishments/{establishment}/kpis")]
    [Authorize(Policy = Policies.ViewEstablishment)]
    [EndpointSummary("An establishment's KPIs for a month")]
    [EndpointDescription("Every KPI of DESIGN.md for the establishment (by its code, e.g. BMI) in the month, with the family group's median, quartiles, minimum and maximum, the establishment's rank (1 = best; ties share a rank; places available is not ranked), its quartile position, the previous month's value and the target with its RAG status. month is YYYY-MM (default: the last complete month). Small numbers are withheld unless the caller works at the establishment.")]
    [ProducesResponseType<EstablishmentKpisDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<EstablishmentKpisDto>> Establishment(string establishment, string? month, CancellationToken ct)
    {
        if (!TryMonth(month, out var m))
        {
            return ValidationProblem(ModelState);
        }
        var e = access.Current;
        var byMonth = await engine.ForMonthsAsync([m.Previous, m], ct);
        var report = EstablishmentReport.Build(byMonth[m], byMonth[m.Previous], e.Id);
        var display = smallNumbers.For(User, e);
        var kpis = report.Lines.Select(l => new EstablishmentKpiDto(
            l.Kpi.ToString(),
            KpiFormulas.Name(l.Kpi),
            KpiFormulas.HigherIsBetter(l.Kpi),
            display.Published(l.Kpi, l.Value),
            display.IsWithheld(l.Kpi, l.Value),
            display.Published(l.Kpi, l.Previous),
            display.ChangeValue(l.Kpi, l.Value, l.Previous),
            // The group's statistics describe other establishments: small numbers are withheld from everyone.
            report.Group is null || l.Group is null ? null : Statistics(report.Group, l.Kpi, l.Group, display.Outside),
            l.Position?.Rank,
            l.Position?.Rank is null ? null : l.Group?.N,
            l.Position?.QuartilePosition,
            Target(l.Target, l.Rag, byMonth[m].DefaultTolerancePct))).ToList();
        var unknown = report.Values?.UnknownHomes;
        return new EstablishmentKpisDto(e.Code, report.Establishment.Name, m.ToString(), report.Group?.Name, kpis, display.IsWithheld(unknown) ? null : unknown);
    }

    /// <summary>A family group's KPIs for a month: the group figure, statistics, national figure and every member's value and rank.</summary>
    [HttpGet("/api/family-groups/{name}/kpis")]
    [Authorize(Policy = Policies.PathwayLead)]
    [EndpointSummary("A family group's KPIs for a month")]
    [EndpointDescription("For the family group (by name) in the month (YYYY-MM, default the last complete month): every KPI's group figure (a ratio of sums), median, quartiles, minimum, maximum, the national figure, the group's target, and each member's value, rank and quartile position. Small numbers are withheld (null, suppressed: true).")]
    [ProducesResponseType<FamilyGroupKpisDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<FamilyGroupKpisDto>> FamilyGroup(string name, string? month, CancellationToken ct)
    {
        if (!TryMonth(month, out var m))
        {
            return ValidationProblem(ModelState);
        }
        var group = await groups.FindAsync(name, ct);
        if (group is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Family group not found", detail: $"There is no family group called '{name}'.");
        }
        var kpis = await engine.ForPeriodAsync(KpiPeriod.Of(m), ct);
        var display = smallNumbers.Outside;
        var members = kpis.Members(group);
        var total = kpis.GroupTotal(group);
        var result = KpiFormulas.All.Select(k =>
        {
            var comparison = kpis.Compare(group, k);
            var groupTarget = kpis.GroupTarget(group, k);
            return new FamilyGroupKpiDto(
                k.ToString(),
                KpiFormulas.Name(k),
                KpiFormulas.HigherIsBetter(k),
                k == Kpi.MedianDistanceMiles ? null : display.Published(k, total.Value(k)),
                k == Kpi.MedianDistanceMiles ? null : display.Published(k, kpis.National.Value(k)),
                Statistics(group, k, comparison, display),
                Target(groupTarget, kpis.Rag(groupTarget, total.Value(k)), kpis.DefaultTolerancePct),
                members.Select(e =>
                {
                    var value = kpis.ValuesOf(e.Id)?.Rounded(k);
                    var position = comparison.Members.GetValueOrDefault(e.Id);
                    var target = kpis.Target(e.Id, k);
                    return new MemberKpiDto(e.Code, e.Name, display.Published(k, value), display.IsWithheld(k, value), position?.Rank, position?.QuartilePosition,
                        Target(target, kpis.Rag(target, value), kpis.DefaultTolerancePct));
                }).ToList());
        }).ToList();
        return new FamilyGroupKpisDto(group.Name, m.ToString(), result);
    }

    private bool TryMonth(string? text, out YearMonth month)
    {
        month = calendar.LastCompleteMonth;
        if (text is null && !Request.Query.ContainsKey("month"))
        {
            return true;
        }
        if (YearMonth.TryParse(text, out month) && calendar.IsReportable(month))
        {
            return true;
        }
        ModelState.AddModelError("month", "month must be a month in the form YYYY-MM, from 2000-01 to the current month, for example 2025-04.");
        return false;
    }

    private static GroupStatisticsDto Statistics(GroupRef group, Kpi kpi, GroupComparisonResult c, KpiDisplay d)
    {
        double?[] stats = [c.Min, c.LowerQuartile, c.Median, c.UpperQuartile, c.Max];
        return new GroupStatisticsDto(group.Name, c.N, d.Published(kpi, c.Min), d.Published(kpi, c.LowerQuartile), d.Published(kpi, c.Median),
            d.Published(kpi, c.UpperQuartile), d.Published(kpi, c.Max), stats.Any(s => d.IsWithheld(kpi, s)));
    }

    private static TargetDto? Target(KpiTarget? t, Rag rag, double defaultTolerancePct) => t is null ? null : new TargetDto(
        t.EstablishmentId is null ? "FamilyGroup" : "Establishment",
        t.TargetValue, t.TargetDate, t.BaselineValue, t.BaselineDate, KpiTargets.Tolerance(t, defaultTolerancePct), rag.ToString());
}
