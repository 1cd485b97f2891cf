using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>One family group's statistics for the chosen KPI and period.</summary>
public sealed record GroupRow(GroupRef Group, int Members, GroupComparisonResult Stats, KpiRollup Total);

public sealed record FamilyGroupsModel(KpiFilter Filter, KpiDisplay Display, IReadOnlyList<GroupRow> Groups, KpiRollup National);

/// <summary>A member of a family group with its value, rank and target status.</summary>
/// <remarks><see cref="Display"/> is the member's own view: exact for the viewer with a grant there, withheld for everyone else.</remarks>
public sealed record MemberRow(EstablishmentRef Establishment, double? Value, MemberPosition? Position, KpiTarget? Target, Rag Rag, bool CanView, KpiDisplay Display);

public sealed record FamilyGroupModel(KpiFilter Filter, KpiDisplay Display, GroupRow Row, KpiRollup National, IReadOnlyList<MemberRow> Members, KpiTarget? GroupTarget, Rag GroupRag, bool AllGroups);

/// <summary>
/// The pathway's family-group comparison: every group side by side for a KPI and a month or quarter, then each
/// group's members. Shown outside the establishments, so small numbers are withheld; a member's own figures are exact
/// for a viewer with a grant there. A governor sees the group their establishment is in for the period (issue 12).
/// </summary>
[Authorize]
[Route("family-groups")]
public sealed class FamilyGroupsController(KpiEngine engine, FamilyGroups groups, ReportingCalendar calendar, SmallNumberViews smallNumbers, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    [Authorize(Policy = Policies.PathwayLead)]
    public async Task<IActionResult> Index(string? period, string? kpi, CancellationToken ct)
    {
        var filter = KpiFilter.Read(period, kpi, calendar, ModelState);
        var model = await OverviewAsync(filter, ct);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return View("FamilyGroups", model);
    }

    [HttpGet("export")]
    [Authorize(Policy = Policies.PathwayLead)]
    public async Task<IActionResult> Export(string? period, string? kpi, string? format, CancellationToken ct)
    {
        var filter = KpiFilter.Read(period, kpi, calendar, ModelState);
        if (!ModelState.IsValid || format?.ToLowerInvariant() is not ("csv" or "xlsx"))
        {
            return BadRequest();
        }
        var model = await OverviewAsync(filter, ct);
        var d = model.Display;
        var k = filter.Kpi;
        var rows = model.Groups.Select(g => (IReadOnlyList<ExportCell>)
        [
            filter.Period.Key, k.ToString(), g.Group.Name, Int(g.Stats.N),
            Cell(d, k, g.Stats.Min), Cell(d, k, g.Stats.LowerQuartile), Cell(d, k, g.Stats.Median), Cell(d, k, g.Stats.UpperQuartile), Cell(d, k, g.Stats.Max),
            Cell(d, k, g.Total, g.Total.Value(k)),
        ]).Append(
        [
            filter.Period.Key, k.ToString(), "National", Int(model.Groups.Sum(g => g.Stats.N)), "", "", "", "", "",
            Cell(d, k, model.National, model.National.Value(k)),
        ]).ToList();
        var table = new ExportTable("Family groups",
            ["period", "kpi", "family_group", "members_with_data", "minimum", "lower_quartile", "median", "upper_quartile", "maximum", "group_value"], rows);
        return ExportDownload.File(table, format, $"family-groups-{KpiFormulas.CsvColumn(k)}-{filter.Period.Key}")!;
    }

    [HttpGet("{name}")]
    public async Task<IActionResult> Group(string name, string? period, string? kpi, CancellationToken ct)
    {
        var group = await FindAsync(name, ct);
        if (group is null)
        {
            return NotFound();
        }
        var filter = KpiFilter.Read(period, kpi, calendar, ModelState);
        var model = await GroupAsync(group, filter, ct);
        if (model is null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return View("FamilyGroup", model);
    }

    [HttpGet("{name}/export")]
    public async Task<IActionResult> GroupExport(string name, string? period, string? kpi, string? format, CancellationToken ct)
    {
        var group = await FindAsync(name, ct);
        if (group is null)
        {
            return NotFound();
        }
        var filter = KpiFilter.Read(period, kpi, calendar, ModelState);
        if (!ModelState.IsValid || format?.ToLowerInvariant() is not ("csv" or "xlsx"))
        {
            return BadRequest();
        }
        var model = await GroupAsync(group, filter, ct);
        if (model is null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var k = filter.Kpi;
        var rows = model.Members.Select(m => (IReadOnlyList<ExportCell>)
        [
            filter.Period.Key, k.ToString(), group.Name, m.Establishment.Code, m.Establishment.Name, m.Establishment.Region,
            Cell(m.Display, k, m.Value), Int(m.Position?.Rank), Int(m.Position?.QuartilePosition),
        ]).ToList();
        var table = new ExportTable("Members",
            ["period", "kpi", "family_group", "establishment", "name", "region", "value", "rank", "quartile_position"], rows);
        return ExportDownload.File(table, format, $"family-group-{TabularExport.Slug(group.Name)}-{KpiFormulas.CsvColumn(k)}-{filter.Period.Key}")!;
    }

    private async Task<FamilyGroupsModel> OverviewAsync(KpiFilter filter, CancellationToken ct)
    {
        var kpis = await engine.ForPeriodAsync(filter.Period, ct);
        var rows = kpis.Groups.Select(g => Row(kpis, g, filter.Kpi)).ToList();
        return new FamilyGroupsModel(filter, Display, rows, kpis.National);
    }

    /// <summary>The group's page, or null when the viewer is neither a pathway lead nor the governor of one of its members in the period.</summary>
    private async Task<FamilyGroupModel?> GroupAsync(GroupRef group, KpiFilter filter, CancellationToken ct)
    {
        var kpis = await engine.ForPeriodAsync(filter.Period, ct);
        var establishments = kpis.Members(group).Select(e => (Ref: e, Establishment: new Establishment { Code = e.Code, Name = e.Name, Region = e.Region })).ToList();
        var allGroups = (await authorization.AuthorizeAsync(User, Policies.PathwayLead)).Succeeded;
        if (!allGroups && !establishments.Any(e => EstablishmentAccess.Can(User, e.Establishment, Capability.Manage)))
        {
            return null;
        }
        var row = Row(kpis, group, filter.Kpi);
        var members = establishments.Select(m =>
        {
            var e = m.Ref;
            var value = kpis.ValuesOf(e.Id)?.Rounded(filter.Kpi);
            var target = kpis.Target(e.Id, filter.Kpi);
            var canView = EstablishmentAccess.Can(User, m.Establishment, Capability.View);
            return new MemberRow(e, value, row.Stats.Members.GetValueOrDefault(e.Id), target, kpis.Rag(target, value), canView, smallNumbers.For(User, m.Establishment));
        })
        .OrderBy(m => m.Position?.Rank ?? int.MaxValue).ThenBy(m => m.Establishment.Name, StringComparer.OrdinalIgnoreCase)
        .ToList();
        var groupTarget = kpis.GroupTarget(group, filter.Kpi);
        return new FamilyGroupModel(filter, Display, row, kpis.National, members, groupTarget, kpis.Rag(groupTarget, row.Total.Value(filter.Kpi)), allGroups);
    }

    private static GroupRow Row(PeriodKpis kpis, GroupRef g, Kpi kpi) =>
        new(g, kpis.Members(g).Count, kpis.Compare(g, kpi), kpis.GroupTotal(g));

    private async Task<GroupRef?> FindAsync(string name, CancellationToken ct) =>
        await groups.FindAsync(name, ct) ?? await groups.FindAsync(Uri.UnescapeDataString(name), ct);

    // A comparison across establishments is always outside each of them.
    private KpiDisplay Display => smallNumbers.Outside;

    internal static ExportCell Cell(KpiDisplay d, Kpi kpi, double? value) =>
        value is null ? "" : d.IsWithheld(kpi, value) ? d.Suppressed : ExportCell.Of(d.Published(kpi, value), d.Number(kpi, value));

    internal static ExportCell Cell(KpiDisplay d, Kpi kpi, KpiRollup values, double? value) =>
        values.IsRollup && kpi == Kpi.MedianDistanceMiles ? "" : Cell(d, kpi, value);

    internal static ExportCell Int(int? n) => n is null ? "" : ExportCell.Of(n, n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
