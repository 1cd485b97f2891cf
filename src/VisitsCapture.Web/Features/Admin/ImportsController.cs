using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Admin;

/// <summary>Reference data imports from a page, with the same all-or-nothing rules and per-row report as the command line.</summary>
[Authorize(Policy = Policies.Administrator)]
[Route("admin/imports")]
public sealed class ImportsController(IEnumerable<IImporter> importers, ImportRunner runner, VisitsDbContext db) : Controller
{
    /// <summary>The kinds an administrator imports here; population, sessions and visits have their own pages.</summary>
    public static readonly string[] ReferenceKinds = ["establishments", "family-groups", "outcodes", "codepoint", "prison-register", "standards-audits", "training", "interventions"];

    public const long MaxUploadBytes = 200 * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index() => View("Imports", await ModelAsync(null, null));

    [HttpPost("")]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
    public async Task<IActionResult> Import(string? kind, List<IFormFile>? files, CancellationToken ct)
    {
        var importer = ReferenceKinds.Contains(kind) ? importers.Find(kind!) : null;
        if (importer is null)
        {
            ModelState.AddModelError("kind", "Select what you are importing");
        }
        var uploads = (files ?? []).Where(f => f.Length > 0).ToList();
        if (uploads.Count == 0)
        {
            ModelState.AddModelError("files", "Select a CSV file to import");
        }
        else if (uploads.Any(f => !f.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            ModelState.AddModelError("files", "The selected file must be a CSV file");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Imports", await ModelAsync(kind, null));
        }
        var result = await runner.RunAsync(importer!, uploads.Select(f => new ImportFile(f.FileName, f.OpenReadStream)).ToList(), null, ct);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return View("Imports", await ModelAsync(kind, result));
    }

    private async Task<ImportsModel> ModelAsync(string? kind, ImportResult? result) => new(
        importers.Where(i => ReferenceKinds.Contains(i.Kind)).OrderBy(i => Array.IndexOf(ReferenceKinds, i.Kind)).ToList(),
        kind,
        result,
        await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(20).ToListAsync());
}

public sealed record ImportsModel(IReadOnlyList<IImporter> Kinds, string? Kind, ImportResult? Result, IReadOnlyList<Core.Domain.ImportRun> Recent);
