using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VisitsCapture.Core.Retention;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>
/// Keeping data: each kind's retention period and how many records are due to go now (a dry run), and a button that
/// removes them at once rather than at the daily job's next run.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/retention")]
public sealed class RetentionController(DataRetention retention) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Retention", await retention.DueAsync(ct));

    [HttpPost("run")]
    public async Task<IActionResult> Run(CancellationToken ct)
    {
        // The run audits each kind it removed records of, with this administrator as the actor.
        var removed = await retention.RunAsync(User.Identity?.Name ?? "unknown", User.FindFirst(ClaimTypes.NameIdentifier)?.Value, ct);
        var total = removed.Sum(r => r.Records);
        TempData["Success"] = total == 0
            ? "Nothing was due to be removed."
            : "Removed " + string.Join(", ", removed.Where(r => r.Records > 0).Select(r => $"{r.Records} {r.Kind.Label.ToLowerInvariant()}")) + ".";
        return Redirect("/admin/retention");
    }
}
