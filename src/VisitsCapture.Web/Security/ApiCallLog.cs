using System.Threading.Channels;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Security;

/// <summary>
/// Writes the audit record of every API client call off the request, in batches. Writing it in the request would
/// make a call wait on SQLite's single writer, which a running import holds for its whole transaction: a client
/// polling that import's status would hang until it finished. Records still queued when the app stops are written
/// on the way out.
/// </summary>
public sealed partial class ApiCallLog(IServiceScopeFactory scopes, ILogger<ApiCallLog> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private readonly Channel<AuditEvent> _queue = Channel.CreateUnbounded<AuditEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(AuditEvent call) => _queue.Writer.TryWrite(call);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteQueuedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is left is written below.
        }
        await WriteQueuedAsync(CancellationToken.None);
    }

    /// <summary>Writes everything queued, a batch at a time; a batch that cannot be written is logged and dropped.</summary>
    private async Task WriteQueuedAsync(CancellationToken ct)
    {
        while (true)
        {
            var batch = new List<AuditEvent>();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var call))
            {
                batch.Add(call);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
                db.AuditEvents.AddRange(batch);
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWriteFailed(batch.Count, e.GetType().FullName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} API call audit records could not be written ({ExceptionType})")]
    private partial void LogWriteFailed(int count, string? exceptionType);
}
