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

/// <summary>A row's reason for rejecting a file (row 0: the file as a whole).</summary>
public sealed record ImportErrorDto(int Row, string? Column, string Message);

/// <summary>
/// A population import: queued, running (rowsRead of about rowsTotal), succeeded with the same summary as the import
/// page, or rejected with every row's reason (nothing was imported), or failed.
/// </summary>
public sealed record PopulationImportDto(Guid Id, string? Kind, string Status, bool Done, int RowsRead, int? RowsTotal, int? Percent, string? Summary,
    IReadOnlyList<ImportErrorDto> Errors);

/// <summary>
/// The population feed: another system posts the monthly extract (DESIGN.md's prisoner-level or counts CSV) for an
/// establishment, and polls the import it starts. The import is the page's own: in the background, all-or-nothing,
/// and importing the same file again changes nothing.
/// </summary>
[ApiController]
[Tags("Population")]
public sealed class PopulationFeedApiController(BackgroundImports imports, VisitsDbContext db, EstablishmentAccess access) : ControllerBase
{
    private const string StatusRoute = "/api/population/imports/{id:guid}";

    /// <summary>Starts a population import for the establishment.</summary>
    [HttpPost("/api/establishments/{establishment}/population")]
    [Authorize]
    [RequestSizeLimit(PopulationImportController.MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = PopulationImportController.MaxUploadBytes, MemoryBufferThreshold = PopulationImportController.MaxUploadBytes)]
    // No [Consumes]: it would answer 415 before the antiforgery and scope checks. The body is described in Configuration/ApiDocument.
    [EndpointSummary("Post a population extract")]
    [EndpointDescription("The body is the CSV itself (Content-Type: text/csv) or a multipart form with the CSV as 'file'. kind is population (prisoner-level: establishment_code, snapshot_date, prison_number, home_postcode) or population-counts (establishment_code, snapshot_date, population), as in DESIGN.md. Every row must be for this establishment. The import runs in the background: the answer is 202 with the import's status resource (Location) to poll until done. All or nothing: a file with any invalid row is rejected with every row's reason and nothing is written; posting the same file again returns the earlier import's result (200) instead of importing it twice. For the establishment's governors, and pathway leads and administrators whose scope covers it.")]
    [ProducesResponseType<PopulationImportDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<PopulationImportDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public async Task<ActionResult<PopulationImportDto>> Post(string establishment, string? kind, CancellationToken ct)
    {
        // A governor of the establishment, or an importer for any establishment whose scope includes it.
        var manages = await access.AuthoriseAsync(User, establishment, Capability.Manage);
        var e = access.TryCurrent ?? await db.Establishments.AsNoTracking().FirstOrDefaultAsync(x => x.Code == establishment.ToUpperInvariant(), ct);
        if (e is null || !(manages || (GrantClaims.Of(User).Any(g => g.Role is Roles.PathwayLead or Roles.Administrator) && (await ImportScope.OfAsync(User, db, ct)).Allows(e.Code))))
        {
            return Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "You may not import population data for this establishment.");
        }
        if (kind is null || !PopulationImportController.Kinds.Contains(kind))
        {
            ModelState.AddModelError(nameof(kind), "kind must be population (prisoner-level) or population-counts.");
        }
        var (fileName, content) = await ReadFileAsync(ct);
        if (content is null || content.Length == 0)
        {
            ModelState.AddModelError("file", "Send the CSV file as the body (Content-Type: text/csv) or as the 'file' field of a multipart form.");
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        // Idempotent: the same file for the same establishment from the same caller is the same import, whose result
        // is returned again rather than importing it twice. Only an import that failed unexpectedly is run again.
        var runId = RunIdOf(e.Code, kind!, content!);
        await Starting.WaitAsync(ct);
        try
        {
            var earlier = await StatusOfAsync(runId, ct);
            if (earlier is { Status: "succeeded" or "rejected" })
            {
                Response.Headers.Location = Url.Action(nameof(Status), new { id = runId });
                return Ok(earlier);
            }
            if (earlier is { Done: false })
            {
                return AcceptedAtAction(nameof(Status), new { id = runId }, earlier);
            }
            if (earlier is not null)
            {
                runId = Guid.NewGuid();
            }
            var scope = new ImportScope(new HashSet<string>([e.Code], StringComparer.OrdinalIgnoreCase), e.Name);
            Func<IServiceProvider, IImporter> importer = kind == "population"
                ? sp => ActivatorUtilities.CreateInstance<PopulationImporter>(sp).RestrictedTo(scope)
                : sp => ActivatorUtilities.CreateInstance<PopulationCountsImporter>(sp).RestrictedTo(scope);
            imports.Enqueue(new BackgroundImport(runId, fileName, content!, UserId, User.Identity?.Name ?? "unknown", importer));
        }
        finally
        {
            Starting.Release();
        }
        return AcceptedAtAction(nameof(Status), new { id = runId }, await StatusOfAsync(runId, ct));
    }

    /// <summary>One feed import is checked and started at a time, so that the same file posted twice at once is imported once.</summary>
    private static readonly SemaphoreSlim Starting = new(1, 1);

    /// <summary>The import's id, derived from who sent which file of which kind for which establishment.</summary>
    private Guid RunIdOf(string code, string kind, byte[] content)
    {
        var key = System.Text.Encoding.UTF8.GetBytes($"{UserId}|{code}|{kind}|");
        var hash = System.Security.Cryptography.SHA256.HashData([.. key, .. System.Security.Cryptography.SHA256.HashData(content)]);
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>Where an import has got to, for the caller that started it.</summary>
    [HttpGet(StatusRoute)]
    [Authorize]
    [EndpointSummary("Poll a population import")]
    [EndpointDescription("status is queued, running (rowsRead of about rowsTotal, percent), succeeded (summary: rows read, added, updated, unchanged - the import page's report), rejected (errors: every row's reason, up to 1,000; nothing was imported) or failed (nothing was imported; try again). done is true once it has finished. Only the caller that started the import can see it.")]
    [ProducesResponseType<PopulationImportDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ActionResult<PopulationImportDto>> Status(Guid id, CancellationToken ct) =>
        await StatusOfAsync(id, ct) is { } status ? status : Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no population import with this id that you started.");

    private string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    private async Task<PopulationImportDto?> StatusOfAsync(Guid id, CancellationToken ct)
    {
        var progress = imports.InProgress(id, UserId);
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.UserId == UserId && PopulationImportController.Kinds.Contains(r.Kind), ct);
        if (progress is not null)
        {
            return new PopulationImportDto(id, run?.Kind, progress.Queued ? "queued" : "running", false, progress.RowsRead, progress.RowsTotal, progress.Percent, null, []);
        }
        if (run is null)
        {
            return null;
        }
        var errors = run.ErrorsJson is null ? [] : JsonSerializer.Deserialize<List<ImportError>>(run.ErrorsJson) ?? [];
        var status = run.Status switch
        {
            ImportStatus.Succeeded => "succeeded",
            ImportStatus.Failed when errors.Count > 0 => "rejected",
            ImportStatus.Failed => "failed",
            _ => "running",
        };
        var report = new ImportProgressReport(run.Status, false, run.RowsRead, run.RowsTotal);
        return new PopulationImportDto(id, run.Kind, status, status != "running", run.RowsRead, run.RowsTotal, report.Percent, run.Summary,
            errors.Select(x => new ImportErrorDto(x.Row, x.Column, x.Message)).ToList());
    }

    private async Task<(string Name, byte[]? Content)> ReadFileAsync(CancellationToken ct)
    {
        if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { Length: > 0 } file)
            {
                return ("", null);
            }
            var bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, ct);
            var name = Path.GetFileName(file.FileName);
            return (name.Length > 200 ? name[..200] : name, bytes);
        }
        // The body itself, kept in memory only: a population file holds full postcodes that must not be written anywhere.
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, ct);
        return ("population-feed.csv", buffer.ToArray());
    }
}
