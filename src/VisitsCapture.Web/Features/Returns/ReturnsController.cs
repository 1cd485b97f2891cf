using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>An establishment's monthly returns: the list, one return with its comparison and history, sign-off, downloads.</summary>
[Authorize(Policy = Policies.ViewEstablishment)]
[Route("establishments/{establishment}/returns")]
public sealed class ReturnsController(VisitsDbContext db, EstablishmentAccess access, ReturnRollups rollups, SmallNumberViews smallNumbers, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var e = access.Current;
        var returns = await db.MonthlyReturns.AsNoTracking().Where(r => r.EstablishmentId == e.Id)
            .OrderByDescending(r => r.Month).ThenByDescending(r => r.Version).ToListAsync(ct);
        var months = returns.GroupBy(r => r.Month).Select(g => new ReturnMonthLine(YearMonth.FromKey(g.Key), g.First(), g.Count())).ToList();
        var quarters = months.GroupBy(m => m.Month.Quarter)
            .Select(g => new ReturnQuarterLine(g.Key, g.Count(), KpiRollup.Of(g.Select(m => m.Latest.Counts).ToList())))
            .ToList();
        return View("Index", new ReturnsIndexModel(e, months, quarters, smallNumbers.For(User, e)));
    }

    [HttpGet("{month}")]
    public async Task<IActionResult> Show(string month, int? version, CancellationToken ct)
    {
        if (!YearMonth.TryParse(month, out var m))
        {
            return NotFound();
        }
        var model = await ModelAsync(m, version, ct);
        return model is null ? NotFound() : View("Return", model);
    }

    /// <summary>A governor of the establishment signs off the latest version, if it is still a draft.</summary>
    [HttpPost("{month}/sign-off")]
    [Authorize(Policy = Policies.ManageEstablishment)]
    public async Task<IActionResult> SignOff(string month, SignOffForm form, CancellationToken ct)
    {
        if (!YearMonth.TryParse(month, out var m))
        {
            return NotFound();
        }
        var e = access.Current;
        var key = m.Key;
        var latest = await db.MonthlyReturns.Where(r => r.EstablishmentId == e.Id && r.Month == key)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return NotFound();
        }
        if (ModelState.IsValid && form.Version != latest.Version)
        {
            ModelState.AddModelError("", $"This return has changed since you opened it: review version {latest.Version} before signing it off.");
        }
        else if (ModelState.IsValid && latest.Status == ReturnStatus.SignedOff)
        {
            ModelState.AddModelError("", $"Version {latest.Version} is already signed off.");
        }
        if (!ModelState.IsValid)
        {
            var model = await ModelAsync(m, null, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Return", model! with { Form = form });
        }
        latest.Status = ReturnStatus.SignedOff;
        latest.SignedOffBy = User.Identity?.Name;
        latest.SignedOffAt = clock.GetUtcNow().UtcDateTime;
        latest.SignOffComment = string.IsNullOrWhiteSpace(form.Comment) ? null : form.Comment.Trim();
        await db.SaveChangesAsync(ct);
        TempData["Success"] = $"You signed off the {m.ToLongString()} return (version {latest.Version}).";
        return Redirect($"/establishments/{e.Code}/returns/{m}");
    }

    /// <summary>The latest version as a one-row CSV in DESIGN.md's format, or a one-sheet XLSX with the same columns.</summary>
    [HttpGet("{month}/export.{format:regex(^(csv|xlsx)$)}")]
    public async Task<IActionResult> Export(string month, string format, CancellationToken ct)
    {
        if (!YearMonth.TryParse(month, out var m))
        {
            return NotFound();
        }
        var e = access.Current;
        var rollup = await rollups.RollupAsync(m.ToString(), [m], [e.Id], national: false, ct);
        if (rollup.Establishments.Count == 0)
        {
            return NotFound();
        }
        await ReturnDownloads.AuditAsync(db, clock, User, "MonthlyReturn", $"{e.Code} {m} {format}", e.Id, ct);
        Response.Headers.CacheControl = "no-store";
        var display = smallNumbers.For(User, e);
        var name = $"return-{e.Code}-{m}.{format}";
        if (format == "csv")
        {
            return File(Encoding.UTF8.GetBytes(ReturnExport.Csv(m.ToString(), rollup.Establishments, display)), "text/csv", name);
        }
        var stream = new MemoryStream();
        ReturnExport.WriteXlsx(stream, m.ToString(), rollup.Establishments, display);
        stream.Position = 0;
        return File(stream, TabularExport.XlsxType, name);
    }

    /// <summary>The establishment's financial quarter: its monthly returns summed (ratios of sums).</summary>
    [HttpGet("quarter/{quarter}")]
    public async Task<IActionResult> Quarter(string quarter, CancellationToken ct)
    {
        if (!FinancialQuarter.TryParse(quarter, out var q))
        {
            return NotFound();
        }
        var e = access.Current;
        var rollup = await rollups.RollupAsync(q.ToString(), q.Months.ToList(), [e.Id], national: false, ct);
        return View("EstablishmentQuarter", new EstablishmentQuarterModel(e, q, rollup.Establishments.Count > 0 ? rollup.Establishments[0] : null, smallNumbers.For(User, e)));
    }

    private async Task<ReturnModel?> ModelAsync(YearMonth month, int? version, CancellationToken ct)
    {
        var e = access.Current;
        var key = month.Key;
        var versions = await db.MonthlyReturns.AsNoTracking().Where(r => r.EstablishmentId == e.Id && r.Month == key)
            .OrderByDescending(r => r.Version).ToListAsync(ct);
        if (versions.Count == 0)
        {
            return null;
        }
        var shown = version is { } v ? versions.FirstOrDefault(r => r.Version == v) : versions[0];
        if (shown is null)
        {
            return null;
        }
        var isLatest = shown.Version == versions[0].Version;
        var canSignOff = isLatest && shown.Status == ReturnStatus.Draft && EstablishmentAccess.Can(User, e, Capability.Manage);
        return new ReturnModel(e, month, shown, ReturnDetail.FromJson(shown.DetailJson), versions, isLatest, canSignOff, new SignOffForm { Version = shown.Version },
            smallNumbers.For(User, e));
    }
}

public sealed record ReturnMonthLine(YearMonth Month, MonthlyReturn Latest, int Versions);

public sealed record ReturnQuarterLine(FinancialQuarter Quarter, int Months, KpiRollup Figures);

public sealed record ReturnsIndexModel(Establishment Establishment, IReadOnlyList<ReturnMonthLine> Months, IReadOnlyList<ReturnQuarterLine> Quarters, KpiDisplay Display);

public sealed record ReturnModel(
    Establishment Establishment, YearMonth Month, MonthlyReturn Return, ReturnDetail Detail, IReadOnlyList<MonthlyReturn> Versions,
    bool IsLatest, bool CanSignOff, SignOffForm Form, KpiDisplay Display);

public sealed record EstablishmentQuarterModel(Establishment Establishment, FinancialQuarter Quarter, ReturnRow? Row, KpiDisplay Display);

public sealed class SignOffForm
{
    [Range(1, int.MaxValue, ErrorMessage = "Sign off a version of the return")]
    public int Version { get; set; }

    [StringLength(1000, ErrorMessage = "Comment must be 1,000 characters or fewer")]
    public string? Comment { get; set; }
}
