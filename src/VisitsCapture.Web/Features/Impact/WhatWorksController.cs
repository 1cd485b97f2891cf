using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Measures;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Impact;

/// <summary>The filter of the "what works" page; each value is empty (all) or one of the listed options.</summary>
public sealed record WhatWorksFilter(InterventionKind? Kind, Kpi? Kpi, string? Region, string? Group);

public sealed record WhatWorksRow(InterventionReport Report, Core.Impact.Impact Impact);

public sealed record WhatWorksModel(
    WhatWorksFilter Filter,
    IReadOnlyList<(InterventionKind Kind, IReadOnlyList<WhatWorksRow> Rows)> ByKind,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Groups,
    int WindowMonths,
    int Interventions);

/// <summary>
/// "What works" (DESIGN.md): every intervention the pathway lead can see (nationally, or in their region), by kind,
/// with its effect on each KPI and its placebo rank; filterable by kind, KPI, region and family group.
/// </summary>
[Authorize(Policy = Policies.PathwayLead)]
[Route("what-works")]
public sealed class WhatWorksController(ImpactQuery impact, EstablishmentAccess access) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? kind, string? kpi, string? region, string? group, CancellationToken ct)
    {
        var viewable = (await access.ViewableAsync(User)).Select(e => e.Id).ToHashSet();
        var reports = (await impact.AllAsync(ct)).Where(r => viewable.Contains(r.Establishment.Id)).ToList();
        var regions = reports.Select(r => r.Establishment.Region).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();
        var groups = reports.Where(r => r.FamilyGroup is not null).Select(r => r.FamilyGroup!.Name).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();

        InterventionKind? kindFilter = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (Enum.TryParse<InterventionKind>(kind, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _))
            {
                kindFilter = k;
            }
            else
            {
                ModelState.AddModelError("kind", "Select a kind of intervention from the list");
            }
        }
        Kpi? kpiFilter = null;
        if (!string.IsNullOrEmpty(kpi))
        {
            if (Enum.TryParse<Kpi>(kpi, out var k) && InterventionImpact.Kpis.Contains(k) && !int.TryParse(kpi, out _))
            {
                kpiFilter = k;
            }
            else
            {
                ModelState.AddModelError("kpi", "Select a KPI from the list");
            }
        }
        if (!string.IsNullOrEmpty(region) && !regions.Contains(region, StringComparer.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("region", "Select a region from the list");
        }
        if (!string.IsNullOrEmpty(group) && !groups.Contains(group, StringComparer.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("group", "Select a family group from the list");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("WhatWorks", new WhatWorksModel(new WhatWorksFilter(kindFilter, kpiFilter, null, null), [], regions, groups, impact.WindowMonths, 0));
        }

        var selected = reports
            .Where(r => kindFilter is null || r.Intervention.Kind == kindFilter)
            .Where(r => string.IsNullOrEmpty(region) || string.Equals(r.Establishment.Region, region, StringComparison.OrdinalIgnoreCase))
            .Where(r => string.IsNullOrEmpty(group) || string.Equals(r.FamilyGroup?.Name, group, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var byKind = selected.GroupBy(r => r.Intervention.Kind)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<WhatWorksRow>)g
                .OrderBy(r => r.Establishment.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Intervention.StartDate)
                .SelectMany(r => r.Impacts.Where(i => kpiFilter is null || i.Kpi == kpiFilter).Select(i => new WhatWorksRow(r, i)))
                .ToList()))
            .ToList();
        return View("WhatWorks", new WhatWorksModel(new WhatWorksFilter(kindFilter, kpiFilter, region, group), byKind, regions, groups, impact.WindowMonths, selected.Count));
    }
}
