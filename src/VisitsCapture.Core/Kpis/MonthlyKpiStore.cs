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
    /// Recomputes every establishment's counts for the month from sessions, visits and population and stores them:
    /// rows are updated or added, and removed for establishments that no longer have any data in the month. One
    /// transaction; running it twice gives the same rows. Returns the counts it stored, so that the month's returns can be
    /// made from the very same counts (the monthly job counts each month once).
    /// </summary>
    public Task<IReadOnlyDictionary<int, KpiCounts>> RefreshAsync(YearMonth month, CancellationToken ct) => RefreshAsync(month, null, ct);

    /// <summary>
    /// Marks an establishment's month as changed; it is recomputed before it is next read. For code that changes
    /// sessions, visits or population without the EF change tracker (ExecuteUpdate, ExecuteDelete, raw SQL).
    /// </summary>
    public Task MarkChangedAsync(int establishmentId, YearMonth month, CancellationToken ct = default) =>
        MonthlyKpiStaleness.MarkAsync(db, [(establishmentId, month.Key)], ct);

    /// <summary>The stored counts of every establishment with data in these months, recomputing stale rows first.</summary>
    public async Task<IReadOnlyList<MonthlyCounts>> CountsAsync(IReadOnlyCollection<YearMonth> months, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(months);
        var keys = months.Select(m => m.Key).Distinct().ToList();
        var stale = await db.MonthlyKpis.AsNoTracking()
            .Where(k => keys.Contains(k.Month) && k.ComputedAt == MonthlyKpiStaleness.Stale)
            .Select(k => new { k.EstablishmentId, k.Month })
            .ToListAsync(ct);
        foreach (var g in stale.GroupBy(s => s.Month))
        {
            await RefreshAsync(YearMonth.FromKey(g.Key), g.Select(s => s.EstablishmentId).ToList(), ct);
        }
        var rows = await db.MonthlyKpis.AsNoTracking()
            .Where(k => keys.Contains(k.Month))
            .Select(k => new { k.EstablishmentId, k.Month, k.Counts })
            .ToListAsync(ct);
        return rows.Select(r => new MonthlyCounts(r.EstablishmentId, YearMonth.FromKey(r.Month), r.Counts)).ToList();
    }

    /// <summary>
    /// A failure that another transaction's change may have caused. Npgsql's execution strategy reports PostgreSQL's
    /// serialization failure (40001), a transient error, as an InvalidOperationException around the database error.
    /// </summary>
    private static bool IsConflict(Exception ex) =>
        ex is DbUpdateException or DbException || ex is InvalidOperationException { InnerException: DbUpdateException or DbException };

    /// <summary>
    /// Recomputes the month for all establishments (<paramref name="only"/> null) or some. Serializable: on SQLite
    /// the transaction takes the write lock before counting, so no save can slip between counting and storing; on
    /// PostgreSQL a concurrent change makes its update or its commit fail (40001) and the refresh is retried.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, KpiCounts>> RefreshAsync(YearMonth month, IReadOnlyCollection<int>? only, CancellationToken ct)
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
                var counts = only is null ? await query.ForMonthAsync(month, ct) : await query.ForEstablishmentsAsync(month, only, ct);
                var rows = context.MonthlyKpis.Where(k => k.Month == month.Key);
                if (only is not null)
                {
                    rows = rows.Where(k => only.Contains(k.EstablishmentId));
                }
                var existing = await rows.ToDictionaryAsync(k => k.EstablishmentId, ct);
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
}
