using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data;

/// <summary>
/// Keeps the <see cref="MonthlyKpi"/> summary honest: whenever sessions, visits or population snapshots of an
/// establishment-month are saved, that month's summary row is marked stale (or a stale placeholder is added), and
/// the KPI store recomputes stale rows before anyone reads them. Saving never fails because of this bookkeeping.
/// <para>
/// Family contact looks across months, so the rows of the <see cref="FollowingMonths"/> after it are marked stale too
/// (where they exist: a month without a row has no data to count yet).
/// </para>
/// <para>
/// Changes made without the change tracker (ExecuteUpdate/ExecuteDelete, raw SQL) are not seen: such code calls
/// <see cref="MarkAsync"/> itself (the web app's MonthlyKpiStore.MarkChangedAsync).
/// </para>
/// </summary>
public sealed class MonthlyKpiStaleness(ILogger<MonthlyKpiStaleness> logger) : SaveChangesInterceptor
{
    /// <summary>The ComputedAt of a row that must be recomputed before it is read.</summary>
    public static readonly DateTime Stale = DateTime.UnixEpoch;

    /// <summary>
    /// How many later months a change in a month can alter (DESIGN.md "Family contact"): a visit counts for M's arrivals
    /// when dated after S(M−1)'s date (M = its month or the next) and for M's leavers when in the 90 days up to S(M)'s
    /// date (up to three months on); a snapshot in M−1 is S(M−1) of M.
    /// </summary>
    public const int FollowingMonths = 3;

    /// <summary>Every ComputedAt before this is stale: <see cref="Stale"/>, or the stamp of a recount still counting.</summary>
    public static readonly DateTime StaleBefore = Stale.AddDays(1);

    /// <summary>
    /// A stamp of its own for a recount to claim stale rows with (MonthlyKpiStore): stale to every reader, and
    /// overwritten by the next save's mark. Whole microseconds, which both databases store exactly.
    /// </summary>
    public static DateTime RecountStamp() => Stale.AddMicroseconds(Random.Shared.NextInt64(1, (long)TimeSpan.FromDays(1).TotalMicroseconds));

    private readonly List<EntityEntry> _pending = [];
    private readonly HashSet<(int EstablishmentId, int Month)> _before = [];
    private bool _marking;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        // The synchronous SaveChanges path (the app itself saves asynchronously). SQLite and Npgsql commands complete
        // without a synchronisation context here, so waiting on the async marking cannot deadlock.
        MarkCapturedAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Not the caller's token: the data is committed, and the bookkeeping should finish even if the request ends.
        await MarkCapturedAsync(eventData.Context, CancellationToken.None);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Reset();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Marks the summary rows of these establishment-months stale, adding stale placeholders where there is no row
    /// yet, and the existing rows of the <see cref="FollowingMonths"/> after each. Safe to call at any time and repeatedly.
    /// </summary>
    public static async Task MarkAsync(VisitsDbContext db, IEnumerable<(int EstablishmentId, int Month)> months, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var (establishmentId, month) in months.Distinct())
        {
            // A row already marked is left alone: in a busy hall most saves find their month marked by the one
            // before, and a read is cheaper than a write that every writer queues for. A recount's stamp is not Stale,
            // so a row being recounted is always marked again.
            // The following months: usually none yet (a visit of this month), so a read, not a queued write.
            var last = YearMonth.FromKey(month).AddMonths(FollowingMonths).Key;
            var following = db.MonthlyKpis.Where(k => k.EstablishmentId == establishmentId && k.Month > month && k.Month <= last && k.ComputedAt != Stale);
            if (await following.AnyAsync(ct))
            {
                await following.ExecuteUpdateAsync(s => s.SetProperty(k => k.ComputedAt, Stale), ct);
            }
            var updated = await db.MonthlyKpis.Where(k => k.EstablishmentId == establishmentId && k.Month == month && k.ComputedAt != Stale)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.ComputedAt, Stale), ct);
            if (updated > 0 || await db.MonthlyKpis.AnyAsync(k => k.EstablishmentId == establishmentId && k.Month == month, ct))
            {
                continue;
            }
            var placeholder = new MonthlyKpi { EstablishmentId = establishmentId, Month = month, ComputedAt = Stale };
            db.MonthlyKpis.Add(placeholder);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Someone added the row meanwhile (a refresh): mark that one instead.
                await db.MonthlyKpis.Where(k => k.EstablishmentId == establishmentId && k.Month == month)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.ComputedAt, Stale), ct);
            }
            finally
            {
                db.Entry(placeholder).State = EntityState.Detached;
            }
        }
    }

    private void Capture(DbContext? db)
    {
        if (db is null || _marking)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is not (Visit or Session or PopulationSnapshot)
                || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            if (entry.State != EntityState.Added)
            {
                // Where the row was before the change (a visit moved to another month is stale in both).
                _before.Add(((int)entry.Property("EstablishmentId").OriginalValue!, (int)entry.Property("Month").OriginalValue!));
            }
            if (entry.State != EntityState.Deleted)
            {
                // Read after saving: a new establishment's key is only known then.
                _pending.Add(entry);
            }
        }
    }

    private async Task MarkCapturedAsync(DbContext? db, CancellationToken ct)
    {
        if (_marking || db is not VisitsDbContext visits || (_pending.Count == 0 && _before.Count == 0))
        {
            return;
        }
        var months = _before.Concat(_pending.Select(e => ((int)e.Property("EstablishmentId").CurrentValue!, (int)e.Property("Month").CurrentValue!)))
            .Where(m => m.Item1 > 0 && m.Item2 > 0)
            .ToList();
        Reset();
        _marking = true;
        try
        {
            await MarkAsync(visits, months, ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // The change itself is committed; a missed mark is caught up by the next full refresh of the month.
            logger.LogError(ex, "Could not mark {Count} monthly KPI summaries as stale", months.Count);
        }
        finally
        {
            _marking = false;
        }
    }

    private void Reset()
    {
        _pending.Clear();
        _before.Clear();
    }
}
