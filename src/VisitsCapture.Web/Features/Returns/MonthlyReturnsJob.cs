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
        using var actor = AmbientActor.As("monthly returns job");
        var results = new List<GenerationResult>();
        foreach (var month in await MonthsToGenerateAsync(ct))
        {
            // Counted once: the KPI summary of a closed month is rebuilt in full (national views read it) and the
            // month's returns are made from the very counts it stored, so a return and the dashboard agree.
            var counts = await summaries.RefreshAsync(month, ct);
            results.Add(await generator.GenerateMonthAsync(month, counts, ct));
        }
        var summary = results.Count == 0 ? "No months to generate." : string.Join("; ", results);
        log.LogInformation("Monthly returns job: {Summary}", summary);
        return summary;
    }

    /// <summary>
    /// Every month from the first (configured, or the earliest with data) to the last complete one that has no return
    /// yet, plus the latest <see cref="ReturnsOptions.RecheckMonths"/> months again for late data, in month order.
    /// </summary>
    public async Task<IReadOnlyList<YearMonth>> MonthsToGenerateAsync(CancellationToken ct)
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
        return YearMonth.Range(from, last).Where(m => !done.Contains(m.Key) || m >= recheckFrom).ToList();
    }

    private async Task<YearMonth?> EarliestMonthWithDataAsync(CancellationToken ct)
    {
        var sessions = await db.Sessions.MinAsync(s => (int?)s.Month, ct);
        var snapshots = await db.PopulationSnapshots.MinAsync(s => (int?)s.Month, ct);
        int?[] keys = [sessions, snapshots];
        return keys.Where(k => k is not null).Min() is { } key ? YearMonth.FromKey(key) : null;
    }
}
