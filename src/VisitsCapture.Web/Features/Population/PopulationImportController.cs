using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Imports;
using VisitsCapture.Web.Security;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// Population imports from a page: a governor for their establishment, a pathway lead or administrator for any
/// establishment in their scope. The file is imported in the background; its status page shows a progress bar
/// and then the result or the per-row error report.
/// </summary>
public sealed class PopulationImportController(BackgroundImports imports, VisitsDbContext db, EstablishmentAccess access) : Controller
{
    /// <summary>A national extract (~90,000 rows) is about 4 MB; this leaves room for long extracts with extra columns.</summary>
    public const int MaxUploadBytes = 64 * 1024 * 1024;

    public static readonly string[] Kinds = ["population", "population-counts"];

    private const string EstablishmentRoute = "establishments/{establishment}/population/import";
    private const string AnyRoute = "population/import";

    [Authorize(Policy = Policies.ManageEstablishment)]
    [HttpGet(EstablishmentRoute)]
    public async Task<IActionResult> ForEstablishment(CancellationToken ct) => View("Import", await FormModelAsync(access.Current, null, ct));

    [Authorize(Policy = PopulationSetup.ImportAnyPolicy)]
    [HttpGet(AnyRoute)]
    public async Task<IActionResult> ForAny(CancellationToken ct) => View("Import", await FormModelAsync(null, null, ct));

    // The upload stays in memory (MemoryBufferThreshold = the size limit): ASP.NET would otherwise buffer a large
    // file section to a temporary file, and a population file holds full postcodes that must not be written anywhere.
    [Authorize(Policy = Policies.ManageEstablishment)]
    [HttpPost(EstablishmentRoute)]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes, MemoryBufferThreshold = MaxUploadBytes)]
    public Task<IActionResult> ImportForEstablishment(string? kind, IFormFile? file, CancellationToken ct)
    {
        var e = access.Current;
        return StartAsync(e, kind, file, new ImportScope(new HashSet<string>([e.Code], StringComparer.OrdinalIgnoreCase), e.Name), ct);
    }

    [Authorize(Policy = PopulationSetup.ImportAnyPolicy)]
    [HttpPost(AnyRoute)]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes, MemoryBufferThreshold = MaxUploadBytes)]
    public async Task<IActionResult> ImportForAny(string? kind, IFormFile? file, CancellationToken ct) =>
        await StartAsync(null, kind, file, await ScopeOfAsync(User, ct), ct);

    [Authorize(Policy = Policies.ManageEstablishment)]
    [HttpGet(EstablishmentRoute + "/{id:guid}")]
    public Task<IActionResult> StatusForEstablishment(Guid id, CancellationToken ct) => StatusPageAsync(id, access.Current, ct);

    [Authorize(Policy = PopulationSetup.ImportAnyPolicy)]
    [HttpGet(AnyRoute + "/{id:guid}")]
    public Task<IActionResult> StatusForAny(Guid id, CancellationToken ct) => StatusPageAsync(id, null, ct);

    [Authorize(Policy = Policies.ManageEstablishment)]
    [HttpGet(EstablishmentRoute + "/{id:guid}/status")]
    public Task<IActionResult> StatusJsonForEstablishment(Guid id, CancellationToken ct) => StatusJsonAsync(id, ct);

    [Authorize(Policy = PopulationSetup.ImportAnyPolicy)]
    [HttpGet(AnyRoute + "/{id:guid}/status")]
    public Task<IActionResult> StatusJsonForAny(Guid id, CancellationToken ct) => StatusJsonAsync(id, ct);

    private Task<ImportScope> ScopeOfAsync(ClaimsPrincipal user, CancellationToken ct) => ImportScope.OfAsync(user, db, ct);

    private async Task<IActionResult> StartAsync(Establishment? establishment, string? kind, IFormFile? file, ImportScope scope, CancellationToken ct)
    {
        if (kind is null || !Kinds.Contains(kind))
        {
            ModelState.AddModelError("kind", "Select what the file holds");
        }
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Select a CSV file to import");
        }
        else if (!file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("file", "The selected file must be a CSV file");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Import", await FormModelAsync(establishment, kind, ct));
        }

        var content = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }
        var runId = Guid.NewGuid();
        Func<IServiceProvider, IImporter> importer = kind == "population"
            ? sp => ActivatorUtilities.CreateInstance<PopulationImporter>(sp).RestrictedTo(scope)
            : sp => ActivatorUtilities.CreateInstance<PopulationCountsImporter>(sp).RestrictedTo(scope);
        var fileName = Path.GetFileName(file.FileName);
        imports.Enqueue(new BackgroundImport(runId, fileName.Length > 200 ? fileName[..200] : fileName, content, UserId, User.Identity?.Name ?? "unknown", importer));
        return LocalRedirect(StatusPage(establishment, runId));
    }

    private static string StatusPage(Establishment? establishment, Guid id) =>
        establishment is null ? $"/{AnyRoute}/{id}" : $"/establishments/{establishment.Code}/population/import/{id}";

    private string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    private async Task<ImportFormModel> FormModelAsync(Establishment? establishment, string? kind, CancellationToken ct)
    {
        var runs = db.ImportRuns.AsNoTracking().Where(r => Kinds.Contains(r.Kind));
        if (establishment is not null)
        {
            runs = runs.Where(r => r.UserId == UserId); // a governor sees their own imports, not other prisons' file names
        }
        return new ImportFormModel(
            establishment?.Name,
            establishment is null ? "/" + AnyRoute : $"/establishments/{establishment.Code}/population/import",
            establishment is null ? null : $"/establishments/{establishment.Code}/population",
            kind,
            await runs.OrderByDescending(r => r.StartedAt).Take(10).ToListAsync(ct));
    }

    /// <summary>The run if it is a population import started by this user; others' runs are "not found".</summary>
    private async Task<(ImportRun? Run, ImportProgressReport? Progress)> FindAsync(Guid id, CancellationToken ct)
    {
        var progress = imports.InProgress(id, UserId);
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.UserId == UserId && Kinds.Contains(r.Kind), ct);
        return (run, progress);
    }

    private async Task<IActionResult> StatusPageAsync(Guid id, Establishment? establishment, CancellationToken ct)
    {
        var (run, progress) = await FindAsync(id, ct);
        if (run is null && progress is null)
        {
            return NotFound();
        }
        var page = StatusPage(establishment, id);
        ImportResult? rejected = null;
        if (progress is null && run is { Status: ImportStatus.Failed })
        {
            var errors = run.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(run.ErrorsJson) ?? [];
            rejected = ImportResult.Rejected(errors.Count > 0 ? errors : [new ImportError(0, null, run.Summary ?? "The import failed.")]);
        }
        return View("ImportStatus", new ImportStatusModel(
            run,
            progress ?? Report(run!),
            rejected,
            page,
            page + "/status",
            establishment is null ? "/" + AnyRoute : $"/establishments/{establishment.Code}/population/import",
            establishment is null ? null : $"/establishments/{establishment.Code}/population"));
    }

    private async Task<IActionResult> StatusJsonAsync(Guid id, CancellationToken ct)
    {
        var (run, progress) = await FindAsync(id, ct);
        if (run is null && progress is null)
        {
            return NotFound();
        }
        var report = progress ?? Report(run!);
        return Json(new
        {
            status = report.Queued ? "queued" : report.Status.ToString()!.ToLowerInvariant(),
            done = report.Status is ImportStatus.Succeeded or ImportStatus.Failed,
            rowsRead = report.RowsRead,
            rowsTotal = report.RowsTotal,
            percent = report.Percent,
        });
    }

    private static ImportProgressReport Report(ImportRun run) => new(run.Status, false, run.RowsRead, run.RowsTotal);
}

public sealed record ImportFormModel(string? EstablishmentName, string PostUrl, string? PopulationUrl, string? Kind, IReadOnlyList<ImportRun> Recent);

public sealed record ImportStatusModel(
    ImportRun? Run,
    ImportProgressReport Progress,
    ImportResult? Rejected,
    string PageUrl,
    string StatusUrl,
    string ImportUrl,
    string? PopulationUrl)
{
    public bool Done => Progress.Status is ImportStatus.Succeeded or ImportStatus.Failed;
}
