using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Configuration;
using VisitsCapture.Web.Features.Shared;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>A row of a roll-up table: a region, a family group or the nation, with how many establishments it sums.</summary>
public sealed record RollupRow(string Name, int Establishments, KpiRollup Values);

public sealed record NationalModel(KpiFilter Filter, KpiDisplay Display, IReadOnlyList<RollupRow> Regions, IReadOnlyList<RollupRow> Groups, RollupRow National);

/// <summary>Regional and national roll-ups of every KPI, as ratios of sums, for a month or a financial quarter.</summary>
[Authorize(Policy = Policies.PathwayLead)]
[Route("national")]
public sealed class NationalController(KpiEngine engine, ReportingCalendar calendar, SmallNumberViews smallNumbers) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? period, CancellationToken ct)
    {
        var model = await ModelAsync(KpiFilter.Read(period, null, calendar, ModelState), ct);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return View("National", model);
    }

    [HttpGet("export")]
    public async Task<IActionResult> Export(string? period, string? format, CancellationToken ct)
    {
        var filter = KpiFilter.Read(period, null, calendar, ModelState);
        if (!ModelState.IsValid || format?.ToLowerInvariant() is not ("csv" or "xlsx"))
        {
            return BadRequest();
        }
        var model = await ModelAsync(filter, ct);
        var d = model.Display;
        IReadOnlyList<ExportCell> Row(string level, RollupRow r) =>
        [
            filter.Period.Key, level, r.Name, FamilyGroupsController.Int(r.Establishments),
            .. KpiFormulas.All.Select(k => FamilyGroupsController.Cell(d, k, r.Values, r.Values.Value(k))),
            ReturnFormat.CountCell(r.Values.UnknownHomes, d),
            ReturnFormat.CountCell(r.Values.NearerToHome, d),
        ];
        var rows = model.Regions.Select(r => Row("region", r)).Concat(model.Groups.Select(g => Row("family_group", g))).Append(Row("national", model.National)).ToList();
        var table = new ExportTable("Roll-ups",
            ["period", "level", "name", "establishments", .. KpiFormulas.All.Select(KpiFormulas.CsvColumn), "unknown_home_count", "nearer_to_home_count"], rows);
        return ExportDownload.File(table, format, $"national-{filter.Period.Key}")!;
    }

    private async Task<NationalModel> ModelAsync(KpiFilter filter, CancellationToken ct)
    {
        var kpis = await engine.ForPeriodAsync(filter.Period, ct);
        var regions = kpis.Regions.Select(r => new RollupRow(r.Region.Length == 0 ? "No region" : r.Region,
            kpis.Values.Keys.Count(id => kpis.Establishments[id].Region == r.Region), r.Values)).ToList();
        var groups = kpis.Groups.Select(g => new RollupRow(g.Name, kpis.Members(g).Count(e => kpis.Values.ContainsKey(e.Id)), kpis.GroupTotal(g))).ToList();
        return new NationalModel(filter, smallNumbers.Outside, regions, groups,
            new RollupRow("National", kpis.Values.Count, kpis.National));
    }
}
