using System.Collections.Concurrent;
using System.Threading.Channels;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Imports;

namespace VisitsCapture.Web.Imports;

/// <summary>
/// An uploaded file to import in the background. The content is held in memory only (never a temporary file: a
/// population file has full postcodes, which must not be written anywhere) until the import has read it.
/// </summary>
public sealed record BackgroundImport(
    Guid RunId,
    string FileName,
    byte[] Content,
    string? UserId,
    string UserName,
    Func<IServiceProvider, IImporter> CreateImporter)
{
    /// <summary>Data rows in the file (lines after the header), for the progress bar; close enough when a quoted value spans lines.</summary>
    public int EstimatedRows
    {
        get
        {
            var lines = Content.AsSpan().Count((byte)'\n');
            if (Content.Length > 0 && Content[^1] != (byte)'\n')
            {
                lines++;
            }
            return Math.Max(0, lines - 1);
        }
    }
}

/// <summary>Where a background import has got to, as the status page shows it.</summary>
public sealed record ImportProgressReport(ImportStatus? Status, bool Queued, int RowsRead, int? RowsTotal)
{
    public int? Percent => RowsTotal is > 0 ? Math.Min(100, (int)(100L * RowsRead / RowsTotal.Value)) : null;
}

/// <summary>
/// Runs uploaded imports one at a time off the request, so that a national file does not hold a browser request
/// open, and keeps each one's progress in memory for the status page. Progress cannot live in the database while
/// the import runs: the import's own transaction holds SQLite's write lock, and other connections would not see it
/// before commit anyway. The <see cref="ImportRun"/> row records the outcome. A queued import is lost if the app
/// stops before it starts; its status page then says it was not found.
/// </summary>
public sealed partial class BackgroundImports(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BackgroundImports> logger) : BackgroundService
{
    private readonly Channel<BackgroundImport> _queue = Channel.CreateUnbounded<BackgroundImport>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, Tracker> _running = new();

    private sealed class Tracker(string? userId, int rowsTotal) : IProgress<int>
    {
        private int _rows;

        public string? UserId { get; } = userId;
        public int RowsTotal { get; } = rowsTotal;
        public int Rows => Volatile.Read(ref _rows);
        public volatile bool Started;

        public void Report(int value) => Volatile.Write(ref _rows, value);
    }

    public void Enqueue(BackgroundImport import)
    {
        _running[import.RunId] = new Tracker(import.UserId, import.EstimatedRows);
        if (!_queue.Writer.TryWrite(import))
        {
            _running.TryRemove(import.RunId, out _);
            throw new InvalidOperationException("The import queue is closed: the app is stopping.");
        }
    }

    /// <summary>The import's progress while queued or running, for its owner only; null once it has finished.</summary>
    public ImportProgressReport? InProgress(Guid runId, string? userId) =>
        _running.TryGetValue(runId, out var t) && t.UserId == userId
            ? new ImportProgressReport(t.Started ? ImportStatus.Running : null, !t.Started, Math.Min(t.Rows, t.RowsTotal), t.RowsTotal)
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var import in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(import, stoppingToken);
            }
            finally
            {
                _running.TryRemove(import.RunId, out _);
            }
        }
    }

    private async Task RunAsync(BackgroundImport import, CancellationToken ct)
    {
        var tracker = _running[import.RunId];
        tracker.Started = true;
        using var actorName = Configuration.AmbientActor.As(import.UserName);
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var runner = ActivatorUtilities.CreateInstance<ImportRunner>(scope.ServiceProvider, (ICurrentActor)new UploadActor(import.UserId, import.UserName));
            await runner.RunAsync(import.CreateImporter(scope.ServiceProvider),
                [new ImportFile(import.FileName, () => new MemoryStream(import.Content, writable: false))],
                tracker, ct, import.RunId, tracker.RowsTotal);
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException)
            {
                // Not the message: an exception from a data layer can quote the data. The type and stack are enough to debug.
                LogImportFailed(import.RunId, e.GetType().FullName, e.StackTrace);
            }
            // The transaction was rolled back; the run must not stay "running" for ever.
            await MarkFailedAsync(import.RunId);
        }
    }

    private async Task MarkFailedAsync(Guid runId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        if (await db.ImportRuns.FindAsync(runId) is { } run)
        {
            run.Status = ImportStatus.Failed;
            run.Summary = "The import failed unexpectedly; nothing was imported. Try again, and tell the service team if it happens again.";
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background import {RunId} failed with {ExceptionType} at {StackTrace}")]
    private partial void LogImportFailed(Guid runId, string? exceptionType, string? stackTrace);

    private sealed class UploadActor(string? userId, string name) : ICurrentActor
    {
        public string? UserId { get; } = userId;
        public string Name { get; } = name;
    }
}
