using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Security;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>
/// Returns across establishments, for pathway leads: who has signed off a month and whom to chase, quarterly,
/// family-group, regional and national returns, and downloads. Everything covers the establishments the user may view;
/// the national line is for national leads only.
/// </summary>
[Authorize(Policy = Policies.PathwayLead)]
[Route("returns")]
public sealed class ReturnsStatusController(VisitsDbContext db, EstablishmentAccess access, ReturnRollups rollups, SmallNumberViews smallNumbers, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Status(string? month, CancellationToken ct)
    {
        var m = clock.LastCompleteMonth();
        if (month is not null && !YearMonth.TryParse(month, out m))
        {
            return NotFound();
        }
        var scope = await ScopeAsync();
        var latest = (await rollups.LatestAsync([m], scope.Ids, ct)).ToDictionary(x => x.Establishment.Id);
        var expected = await db.Establishments.AsNoTracking()
            .Where(Establishment.OpenDuring(m))
            .ToListAsync(ct);
        if (scope.Ids is { } ids)
        {
            expected = expected.Where(e => ids.Contains(e.Id)).ToList();
        }
        var lines = expected.Select(e => e.Id).Union(latest.Keys).Select(id =>
        {
            if (latest.TryGetValue(id, out var r))
            {
                return new StatusLine(r.Establishment.Code, r.Establishment.Name, r.Region, r.Return.FamilyGroup, r.Return);
            }
            var e = expected.Single(x => x.Id == id);
            return new StatusLine(e.Code, e.Name, e.Region, null, null);
        }).OrderBy(l => l.Code, StringComparer.Ordinal).ToList();
        return View("Status", new StatusModel(m, clock.LastCompleteMonth(), lines));
    }

    [HttpGet("export")]
    public async Task<IActionResult> Export(string? month, string? format, CancellationToken ct)
    {
        if (!YearMonth.TryParse(month, out var m) || format is not ("csv" or "xlsx"))
        {
            return NotFound();
        }
        var scope = await ScopeAsync();
        var rollup = await rollups.RollupAsync(m.ToString(), [m], scope.Ids, scope.National, ct);
        return await DownloadAsync(rollup, format, $"returns-{m}", ct);
    }

    [HttpGet("quarter/{quarter}")]
    public async Task<IActionResult> Quarter(string quarter, string? scope, CancellationToken ct)
    {
        if (!FinancialQuarter.TryParse(quarter, out var q))
        {
            return NotFound();
        }
        var view = scope is "groups" or "regions" or "national" or "establishments" ? scope : "establishments";
        var s = await ScopeAsync();
        var rollup = await rollups.RollupAsync(q.ToString(), q.Months.ToList(), s.Ids, s.National, ct);
        return View("Quarter", new QuarterModel(q, view, s.National, rollup, smallNumbers.Outside));
    }

    [HttpGet("quarter/{quarter}/export")]
    public async Task<IActionResult> QuarterExport(string quarter, string? format, CancellationToken ct)
    {
        if (!FinancialQuarter.TryParse(quarter, out var q) || format is not ("csv" or "xlsx"))
        {
            return NotFound();
        }
        var s = await ScopeAsync();
        var rollup = await rollups.RollupAsync(q.ToString(), q.Months.ToList(), s.Ids, s.National, ct);
        return await DownloadAsync(rollup, format, $"returns-{q}", ct);
    }

    private async Task<IActionResult> DownloadAsync(ReturnRollup rollup, string format, string name, CancellationToken ct)
    {
        await ReturnDownloads.AuditAsync(db, clock, User, "Returns", $"{rollup.Period} {format} ({rollup.Establishments.Count} establishments)", null, ct);
        Response.Headers.CacheControl = "no-store";
        if (format == "csv")
        {
            return File(Encoding.UTF8.GetBytes(ReturnExport.Csv(rollup.Period, rollup.Establishments, smallNumbers.Outside)), "text/csv", name + ".csv");
        }
        var stream = new MemoryStream();
        ReturnExport.WriteXlsx(stream, rollup, smallNumbers.Outside);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    /// <summary>National leads see every establishment; others the establishments their grants cover.</summary>
    private async Task<(IReadOnlyCollection<int>? Ids, bool National)> ScopeAsync()
    {
        if (User.IsNationalLead())
        {
            return (null, true);
        }
        return ((await access.ViewableAsync(User)).Select(e => e.Id).ToList(), false);
    }
}

/// <summary>One establishment's submission for a month: its latest return, or none yet.</summary>
public sealed record StatusLine(string Code, string Name, string Region, string? FamilyGroup, MonthlyReturn? Return)
{
    public string State => Return switch
    {
        null => "Missing",
        { Status: ReturnStatus.SignedOff } => "Signed off",
        { Revised: true } => "Revised",
        _ => "Draft",
    };

    public bool NeedsChasing => Return is not { Status: ReturnStatus.SignedOff };
}

public sealed record StatusModel(YearMonth Month, YearMonth LastComplete, IReadOnlyList<StatusLine> Lines);

public sealed record QuarterModel(FinancialQuarter Quarter, string Scope, bool National, ReturnRollup Rollup, KpiDisplay Display);
