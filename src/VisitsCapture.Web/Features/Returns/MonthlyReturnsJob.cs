using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Returns;
using VisitsCapture.Web.Configuration;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>
/// The recurring "monthly-returns" job: generates the returns of the last complete month and catches up every month
/// that has none. The app database, not Hangfire's storage, says which months are done (a month is done when it has
/// returns), so a restart with in-memory storage or a missed run is caught up on the next run, in month order.
/// </summary>
public sealed class MonthlyReturnsJob(VisitsDbContext db, ReturnGenerator generator, MonthlyKpiStore summaries, TimeProvider clock, IOptions<ReturnsOptions> options, ILogger<MonthlyReturnsJob> log)
{
    public const string Id = "monthly-returns";

    // Retries back off (1 min, 5 min, 15 min, 1 h, 3 h); then the job stays failed and shows on /admin/jobs.
    // A second run waits for the first (each month is idempotent, so running after it is harmless).
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 10800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        // On PostgreSQL, waits for a catch-up another instance is running (each month is then found done or unchanged).
        await using var runLock = await RunLockAsync(wait: true, ct);
        var summary = await GenerateAsync(await MonthsToGenerateAsync(ct), ct);
        log.LogInformation("Monthly returns job: {Summary}", summary);
        return summary;
    }

    /// <summary>
    /// The catch-up queued at start on PostgreSQL, where several instances share the database and the job storage:
    /// each instance queues one, and one of them makes the missing months. The others skip: another holds the run lock,
    /// or no month is missing any more. Rechecking the latest months is the recurring run's (on PostgreSQL Hangfire's
    /// storage is durable, so a run missed while the app was down is made when it starts again). SQLite queues
    /// <see cref="RunAsync"/> at start instead, as before.
    /// </summary>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 3600, 10800], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<string> CatchUpAsync(CancellationToken ct)
    {
        await using var runLock = await RunLockAsync(wait: false, ct);
        if (runLock is null)
        {
            log.LogInformation("Monthly returns catch-up: skipped, another instance is generating returns.");
            return "Skipped: another instance is generating returns.";
        }
        var missing = await MonthsToGenerateAsync(ct, recheck: false);
        if (missing.Count == 0)
        {
            log.LogInformation("Monthly returns catch-up: skipped, no month is missing.");
            return "Skipped: no month is missing.";
        }
        var summary = await GenerateAsync(missing, ct);
        log.LogInformation("Monthly returns catch-up: {Summary}", summary);
        return summary;
    }

    /// <summary>The PostgreSQL advisory lock key shared by the runs and the catch-up ("VCreturn" as ASCII).</summary>
    public const long RunLockKey = 0x5643_7265_7475_726E;

    /// <summary>
    /// On PostgreSQL a session-level advisory lock on a connection of its own (a run spans one transaction per month):
    /// waited for, or tried and null when another session holds it. On SQLite (one instance) nothing is taken.
    /// </summary>
    private Task<IAsyncDisposable?> RunLockAsync(bool wait, CancellationToken ct) => AdvisoryLock.TakeAsync(
        db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, db.Database.GetConnectionString()!, RunLockKey, wait, ct);

    private async Task<string> GenerateAsync(IReadOnlyList<YearMonth> months, CancellationToken ct)
    {
        using var actor = AmbientActor.As("monthly returns job");
        var results = new List<GenerationResult>();
        foreach (var month in months)
        {
            // Counted once: the KPI summary of a closed month is rebuilt in full (national views read it) and the
            // month's returns are made from the very counts it stored, so a return and the dashboard agree.
            var counts = await summaries.RefreshAsync(month, ct);
            results.Add(await generator.GenerateMonthAsync(month, counts, ct));
        }
        return results.Count == 0 ? "No months to generate." : string.Join("; ", results);
    }

    /// <summary>
    /// Every month from the first (configured, or the earliest with data) to the last complete one that has no return
    /// yet, plus the latest <see cref="ReturnsOptions.RecheckMonths"/> months again for late data, in month order.
    /// </summary>
    public async Task<IReadOnlyList<YearMonth>> MonthsToGenerateAsync(CancellationToken ct, bool recheck = true)
    {
        var last = clock.LastCompleteMonth();
        var first = options.Value.First ?? await EarliestMonthWithDataAsync(ct);
        if (first is not { } from || from > last)
        {
            return [];
        }
        var (fromKey, toKey) = (from.Key, last.Key);
        var done = (await db.MonthlyReturns.AsNoTracking()
            .Where(r => r.Month >= fromKey && r.Month <= toKey)
            .Select(r => r.Month).Distinct().ToListAsync(ct)).ToHashSet();
        var recheckFrom = last.AddMonths(1 - options.Value.RecheckMonths);
        return YearMonth.Range(from, last).Where(m => !done.Contains(m.Key) || (recheck && m >= recheckFrom)).ToList();
    }

    private async Task<YearMonth?> EarliestMonthWithDataAsync(CancellationToken ct)
    {
        var sessions = await db.Sessions.MinAsync(s => (int?)s.Month, ct);
        var snapshots = await db.PopulationSnapshots.MinAsync(s => (int?)s.Month, ct);
        int?[] keys = [sessions, snapshots];
        return keys.Where(k => k is not null).Min() is { } key ? YearMonth.FromKey(key) : null;
    }
}
