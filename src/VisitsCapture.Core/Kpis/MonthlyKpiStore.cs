using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Kpis;

/// <summary>One establishment's counts for one month, as kept in the <see cref="MonthlyKpi"/> summary table.</summary>
public sealed record MonthlyCounts(int EstablishmentId, YearMonth Month, KpiCounts Counts);

/// <summary>
/// The <see cref="MonthlyKpi"/> summary table (ENGINEERING.md §4.3): one row of counts per establishment and month,
/// so that national views and long histories never aggregate raw visits on request.
/// <para>
/// Freshness: saving sessions, visits or population snapshots through EF marks the month's row stale
/// (<see cref="MonthlyKpiStaleness"/>); <see cref="CountsAsync"/> recomputes stale rows before returning them. Code
/// that changes that data without the change tracker calls <see cref="MarkChangedAsync"/>; the returns job calls
/// <see cref="RefreshAsync"/> for a whole month.
/// </para>
/// </summary>
public sealed class MonthlyKpiStore(VisitsDbContext db, IServiceScopeFactory scopes, TimeProvider clock, ILogger<MonthlyKpiStore> logger)
{
    private const int Attempts = 3;

    /// <summary>
    /// Marks an establishment's month as changed; it is recomputed before it is next read. For code that changes
    /// sessions, visits or population without the EF change tracker (ExecuteUpdate, ExecuteDelete, raw SQL).
    /// </summary>
    public Task MarkChangedAsync(int establishmentId, YearMonth month, CancellationToken ct = default) =>
        MonthlyKpiStaleness.MarkAsync(db, [(establishmentId, month.Key)], ct);

    /// <summary>
    /// The counts of every establishment with data in these months: as stored, and freshly counted for rows marked
    /// stale (<see cref="RecountAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<MonthlyCounts>> CountsAsync(IReadOnlyCollection<YearMonth> months, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(months);
        var keys = months.Select(m => m.Key).Distinct().ToList();
        var stale = await db.MonthlyKpis.AsNoTracking()
            .Where(k => keys.Contains(k.Month) && k.ComputedAt < MonthlyKpiStaleness.StaleBefore)
            .Select(k => new { k.EstablishmentId, k.Month })
            .ToListAsync(ct);
        var recounted = new Dictionary<(int EstablishmentId, int Month), KpiCounts?>();
        foreach (var g in stale.GroupBy(s => s.Month))
        {
            var ids = g.Select(s => s.EstablishmentId).ToList();
            var counts = await RecountAsync(YearMonth.FromKey(g.Key), ids, ct);
            ids.ForEach(id => recounted[(id, g.Key)] = counts.GetValueOrDefault(id));
        }
        var rows = await db.MonthlyKpis.AsNoTracking()
            .Where(k => keys.Contains(k.Month))
            .Select(k => new { k.EstablishmentId, k.Month, k.Counts })
            .ToListAsync(ct);
        // What was just counted, even where a save since has marked the row stale again and it was not stored.
        return rows
            .Select(r => (r.EstablishmentId, r.Month, Counts: recounted.TryGetValue((r.EstablishmentId, r.Month), out var c) ? c : r.Counts))
            .Where(r => r.Counts is not null)
            .Select(r => new MonthlyCounts(r.EstablishmentId, YearMonth.FromKey(r.Month), r.Counts!))
            .ToList();
    }

    /// <summary>
    /// A failure that another transaction's change may have caused. Npgsql's execution strategy reports PostgreSQL's
    /// serialization failure (40001), a transient error, as an InvalidOperationException around the database error.
    /// </summary>
    private static bool IsConflict(Exception ex) =>
        ex is DbUpdateException or DbException || ex is InvalidOperationException { InnerException: DbUpdateException or DbException };

    /// <summary>
    /// Recomputes every establishment's counts for the month from sessions, visits and population and stores them:
    /// rows are updated or added, and removed for establishments that no longer have any data in the month. One
    /// transaction; running it twice gives the same rows. Returns the counts it stored, so that the month's returns can be
    /// made from the very same counts (the monthly job counts each month once).
    /// <para>
    /// Serializable: on SQLite the transaction takes the write lock before counting, so no save can slip between
    /// counting and storing; on PostgreSQL a concurrent change makes its update or its commit fail (40001) and the
    /// refresh is retried. Only the monthly job holds the lock while it counts; a page's read recounts stale rows
    /// without it (<see cref="RecountAsync"/>).
    /// </para>
    /// </summary>
    public async Task<IReadOnlyDictionary<int, KpiCounts>> RefreshAsync(YearMonth month, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A scope of its own: a clean change tracker, whatever the caller has pending.
            using var scope = scopes.CreateScope();
            var context = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
            var query = scope.ServiceProvider.GetRequiredService<KpiCountsQuery>();
            try
            {
                await using var transaction = await context.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                var counts = await query.ForMonthAsync(month, ct);
                var existing = await context.MonthlyKpis.Where(k => k.Month == month.Key).ToDictionaryAsync(k => k.EstablishmentId, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var (establishmentId, c) in counts)
                {
                    if (!existing.Remove(establishmentId, out var row))
                    {
                        row = new MonthlyKpi { EstablishmentId = establishmentId, Month = month.Key };
                        context.MonthlyKpis.Add(row);
                    }
                    row.Counts = c;
                    row.ComputedAt = now;
                }
                context.MonthlyKpis.RemoveRange(existing.Values);
                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return counts;
            }
            catch (Exception ex) when (attempt < Attempts && IsConflict(ex))
            {
                logger.LogWarning(ex, "Monthly KPI refresh of {Month} met a concurrent change; retrying", month);
            }
        }
    }

    /// <summary>
    /// Recounts stale rows of a month without holding the write lock while counting (a governor's dashboard is read
    /// every second while every visit saved marks its month stale; on SQLite, counting inside the lock held up every
    /// tablet). Three steps: claim the rows with a stamp of this recount's own (still stale to every reader), count,
    /// then store the counts only in rows that still carry the stamp. A save marks its month stale after it commits,
    /// overwriting the stamp, so a save the count may have missed leaves its row stale rather than fresh-looking and
    /// wrong; so does a later recount's claim. Returns the counts, stored or not: they include every save committed
    /// before the claim.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, KpiCounts>> RecountAsync(YearMonth month, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        var stamp = MonthlyKpiStaleness.RecountStamp();
        await context.MonthlyKpis
            .Where(k => k.Month == month.Key && ids.Contains(k.EstablishmentId) && k.ComputedAt < MonthlyKpiStaleness.StaleBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ComputedAt, stamp), ct);
        var counts = await scope.ServiceProvider.GetRequiredService<KpiCountsQuery>().ForEstablishmentsAsync(month, ids, ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Short: a few rows read and written. Serializable, so that on PostgreSQL a save marking a row between
                // this read and the update makes the update fail (and the retry leave that row alone).
                await using var transaction = await context.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var row in await context.MonthlyKpis.Where(k => k.Month == month.Key && ids.Contains(k.EstablishmentId) && k.ComputedAt == stamp).ToListAsync(ct))
                {
                    if (counts.TryGetValue(row.EstablishmentId, out var c))
                    {
                        row.Counts = c;
                        row.ComputedAt = now;
                    }
                    else
                    {
                        // No data left in the month: a placeholder never outlives a recount.
                        context.MonthlyKpis.Remove(row);
                    }
                }
                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return counts;
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                context.ChangeTracker.Clear();
                if (attempt == Attempts)
                {
                    // The counts are right; the rows stay stale and the next read recounts them.
                    logger.LogWarning(ex, "Could not store the recount of {Month}; its rows stay stale", month);
                    return counts;
                }
            }
        }
    }
}
