using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;
using VisitsCapture.Web.Configuration;

namespace VisitsCapture.Web.Imports;

/// <summary>
/// Runs an import and records it as an <see cref="ImportRun"/> (progress, outcome, per-row errors) plus an audit
/// event, so that both the command line and the pages leave the same trail.
/// </summary>
public sealed class ImportRunner(VisitsDbContext db, ICurrentActor actor, TimeProvider clock)
{
    public const int MaxErrorsKept = 1000;

    /// <param name="runId">The run's id when the caller needs it in advance (a background import's status page).</param>
    /// <param name="rowsTotal">Rows expected, when known, for a progress bar.</param>
    public async Task<ImportResult> RunAsync(IImporter importer, IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct,
        Guid? runId = null, int? rowsTotal = null)
    {
        var run = new ImportRun
        {
            Id = runId ?? Guid.NewGuid(),
            RowsTotal = rowsTotal,
            Kind = importer.Kind,
            FileName = files.Count == 1 ? files[0].Name : $"{files.Count} files",
            Status = ImportStatus.Running,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            UserId = actor.UserId,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        ImportResult result;
        try
        {
            result = await importer.ImportAsync(files, progress, ct);
        }
        catch (InvalidDataException e)
        {
            result = ImportResult.Rejected([new ImportError(0, null, e.Message)]);
        }
        db.ChangeTracker.Clear();

        run.Status = result.Succeeded ? ImportStatus.Succeeded : ImportStatus.Failed;
        run.RowsRead = result.Rows;
        run.Summary = result.Summary;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        run.ErrorsJson = result.Succeeded ? null : System.Text.Json.JsonSerializer.Serialize(result.Errors.Take(MaxErrorsKept));
        db.ImportRuns.Update(run);
        db.AuditEvents.Add(new AuditEvent
        {
            At = run.FinishedAt.Value,
            UserId = actor.UserId,
            Actor = actor.Name,
            Action = result.Succeeded ? "Imported" : "ImportRejected",
            EntityType = "Import:" + importer.Kind,
            EntityKey = run.Id.ToString(),
            After = System.Text.Json.JsonSerializer.Serialize(new { run.FileName, result.Rows, result.Added, result.Updated, result.Unchanged, Errors = result.Errors.Count }),
        });
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }
}
