using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Retention;

/// <summary>How long each kind of record is kept (DESIGN.md "Keeping data (retention)"); returns are kept for good.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    [Range(1, 100)] public int VisitsAndSessionsYears { get; set; } = 10;
    [Range(1, 100)] public int PrisonerRecordsYears { get; set; } = 3;
    [Range(1, 100)] public int PopulationCountsYears { get; set; } = 10;
    [Range(1, 100)] public int KpiSummariesYears { get; set; } = 10;
    [Range(1, 100)] public int AuditEventsYears { get; set; } = 7;

    /// <summary>Rows deleted per statement, so a first run over years of data never holds the database for long.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 1000;

    /// <summary>When the daily job runs (cron, London time).</summary>
    [Required] public string Cron { get; set; } = "15 2 * * *";
}

/// <summary>One kind of record with its period: those dated before <see cref="KeptFrom"/> have expired.</summary>
public sealed record RetentionKind(string Name, string Label, int Years, DateOnly KeptFrom,
    Func<VisitsDbContext, IQueryable<long>> Expired, Func<VisitsDbContext, List<long>, Task<int>> Delete);

/// <summary>What a run removed, or (dry run) would remove, of one kind.</summary>
public sealed record RetentionCount(RetentionKind Kind, int Records);

/// <summary>
/// The retention rule: which records have expired on a day, counted (the administrator's dry run) or deleted in
/// small batches, oldest first, with one audit event per kind that lost records (its count and cut-off, never
/// the records). Deleted in bulk, past the audit interceptor: auditing each expired visit would keep its data.
/// </summary>
public sealed class DataRetention(VisitsDbContext db, IOptions<RetentionOptions> settings, TimeProvider clock)
{
    /// <summary>The recurring job's id (daily, at <see cref="RetentionOptions.Cron"/>).</summary>
    public const string JobId = "daily-retention";

    private readonly RetentionOptions options = settings.Value;

    /// <summary>The daily job: what it removed, for the jobs dashboard.</summary>
    public async Task<string> RunJobAsync(CancellationToken ct)
    {
        var removed = await RunAsync("retention job", null, ct);
        return string.Join("; ", removed.Select(r => $"{r.Kind.Label}: {r.Records} removed"));
    }

    /// <summary>The kinds in the order they are deleted (visits before the sessions they belong to).</summary>
    public IReadOnlyList<RetentionKind> Kinds()
    {
        var today = LondonTime.Today(clock);
        DateOnly Before(int years) => today.AddYears(-years);
        var visits = Before(options.VisitsAndSessionsYears);
        var records = Before(options.PrisonerRecordsYears);
        var counts = Before(options.PopulationCountsYears);
        var kpiMonth = YearMonth.Of(Before(options.KpiSummariesYears)).Key;
        var audit = Before(options.AuditEventsYears);
        var auditAt = audit.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return
        [
            new("Visit", "Visits", options.VisitsAndSessionsYears, visits,
                d => d.Visits.Where(v => v.Date < visits).Select(v => (long)v.Id),
                (d, ids) => d.Visits.Where(v => ids.Contains(v.Id)).ExecuteDeleteAsync()),
            new("Session", "Sessions", options.VisitsAndSessionsYears, visits,
                // A session goes with its visits (same date); one with a visit still kept would stay.
                d => d.Sessions.Where(s => s.Date < visits && !d.Visits.Any(v => v.SessionId == s.Id && v.Date >= visits)).Select(s => (long)s.Id),
                (d, ids) => d.Sessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync()),
            new("PopulationRecord", "Prisoner-level population records", options.PrisonerRecordsYears, records,
                d => d.PopulationRecords.Where(r => d.PopulationSnapshots.Any(s => s.Id == r.SnapshotId && s.SnapshotDate < records)).Select(r => r.Id),
                (d, ids) => d.PopulationRecords.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync()),
            new("PopulationSnapshot", "Population counts (snapshots)", options.PopulationCountsYears, counts,
                d => d.PopulationSnapshots.Where(s => s.SnapshotDate < counts).Select(s => (long)s.Id),
                async (d, ids) =>
                {
                    await d.PopulationRecords.Where(r => ids.Contains(r.SnapshotId)).ExecuteDeleteAsync();
                    return await d.PopulationSnapshots.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync();
                }),
            new("MonthlyKpi", "Monthly KPI summaries", options.KpiSummariesYears, YearMonth.FromKey(kpiMonth).FirstDay,
                d => d.MonthlyKpis.Where(k => k.Month < kpiMonth).Select(k => (long)k.Id),
                (d, ids) => d.MonthlyKpis.Where(k => ids.Contains(k.Id)).ExecuteDeleteAsync()),
            new("AuditEvent", "Audit events", options.AuditEventsYears, audit,
                d => d.AuditEvents.Where(a => a.At < auditAt).Select(a => a.Id),
                (d, ids) => d.AuditEvents.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync()),
        ];
    }

    /// <summary>How many records of each kind have expired now: what a run would remove.</summary>
    public async Task<IReadOnlyList<RetentionCount>> DueAsync(CancellationToken ct)
    {
        var due = new List<RetentionCount>();
        foreach (var kind in Kinds())
        {
            due.Add(new(kind, await kind.Expired(db).CountAsync(ct)));
        }
        return due;
    }

    /// <summary>Deletes every expired record, batch by batch, and audits each kind that lost records.</summary>
    public async Task<IReadOnlyList<RetentionCount>> RunAsync(string actor, string? userId, CancellationToken ct)
    {
        var removed = new List<RetentionCount>();
        foreach (var kind in Kinds())
        {
            var total = 0;
            while (true)
            {
                var ids = await kind.Expired(db).OrderBy(id => id).Take(options.BatchSize).ToListAsync(ct);
                if (ids.Count == 0)
                {
                    break;
                }
                total += await kind.Delete(db, ids);
            }
            if (kind.Name == "PopulationRecord")
            {
                // Only the count is left of a prisoner-level snapshot whose prisoners have gone.
                await db.PopulationSnapshots.Where(s => s.SnapshotDate < kind.KeptFrom && s.Kind == PopulationSnapshotKind.PrisonerLevel)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Kind, PopulationSnapshotKind.CountOnly), ct);
            }
            if (total > 0)
            {
                db.AuditEvents.Add(new AuditEvent
                {
                    At = clock.GetUtcNow().UtcDateTime,
                    UserId = userId,
                    Actor = actor,
                    Action = "RetentionDeleted",
                    EntityType = kind.Name,
                    After = JsonSerializer.Serialize(new { records = total, datedBefore = kind.KeptFrom.ToString("yyyy-MM-dd"), years = kind.Years }),
                });
                await db.SaveChangesAsync(ct);
            }
            removed.Add(new(kind, total));
        }
        return removed;
    }
}
