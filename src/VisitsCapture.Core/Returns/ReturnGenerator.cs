using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.Core.Returns;

/// <summary>What generating a month did: new returns, unchanged ones, and new versions for changed data.</summary>
public sealed record GenerationResult(YearMonth Month, int Generated, int Unchanged, int Revised)
{
    public override string ToString() => $"{Month}: generated {Generated}, unchanged {Unchanged}, revised {Revised}";
}

/// <summary>
/// Generates the monthly returns of every establishment open in a month (or with data in it). Idempotent: a return whose
/// reported values (and family group) are those of its latest version is left alone; a change makes the next version,
/// marked revised with what changed, and a signed-off return goes back to draft.
/// <para>
/// One transaction per month for all establishments: a month's returns are one consistent national set (every
/// comparison is computed from the same data), "this month is done" is then a plain fact in the database for the
/// catch-up, and a failure part-way leaves no return of that month at all, to be retried whole. A month is about 125
/// small rows, so holding the write lock for it is brief; the heavy counting queries run before the transaction starts.
/// </para>
/// </summary>
public sealed class ReturnGenerator(
    VisitsDbContext db, KpiCountsQuery kpiCounts, IReturnComparison comparison, ReturnDataQuality quality, TimeProvider clock,
    ILogger<ReturnGenerator> log)
{
    /// <summary>Counts the month, then generates its returns from those counts.</summary>
    public async Task<GenerationResult> GenerateMonthAsync(YearMonth month, CancellationToken ct) =>
        await GenerateMonthAsync(month, await kpiCounts.ForMonthAsync(month, ct), ct);

    /// <summary>
    /// Generates the month's returns from counts already made (<see cref="KpiCountsQuery.ForMonthAsync"/>), such as
    /// those the monthly job has just stored as the month's KPI summary: the return and the dashboard then agree.
    /// </summary>
    public async Task<GenerationResult> GenerateMonthAsync(YearMonth month, IReadOnlyDictionary<int, KpiCounts> counts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counts);
        // Reads first, outside the transaction (on SQLite it holds the single write lock).
        var issues = await quality.VisitIssuesAsync(month, ct);
        var withData = counts.Keys.ToList();
        // Every establishment open in the month owes a return, and any other with data in it (e.g. closed meanwhile) has one.
        var open = await db.Establishments.AsNoTracking().Where(Establishment.OpenDuring(month))
            .Select(e => new { e.Id, e.Code }).ToListAsync(ct);
        var others = await db.Establishments.AsNoTracking().Where(e => withData.Contains(e.Id))
            .Select(e => new { e.Id, e.Code }).ToListAsync(ct);
        var establishments = open.Concat(others).DistinctBy(e => e.Id).OrderBy(e => e.Code, StringComparer.Ordinal).ToList();

        var generated = 0;
        var unchanged = 0;
        var revised = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var key = month.Key;
        var latest = (await db.MonthlyReturns.AsNoTracking().Where(r => r.Month == key).ToListAsync(ct))
            .GroupBy(r => r.EstablishmentId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!);

        foreach (var e in establishments)
        {
            var c = counts.GetValueOrDefault(e.Id) ?? new KpiCounts();
            var group = await comparison.CompareAsync(e.Id, month, counts, ct);
            var hash = ReturnContent.Hash(c, group.FamilyGroup);
            var previous = latest.GetValueOrDefault(e.Id);
            // A new version only when a reported value changes: counts that move behind the same published figures
            // (a prisoner-month re-counted, a rounding that lands the same) would make a revision with nothing to review.
            if (previous is not null && (previous.ContentHash == hash || ReturnContent.ReportedChanges(previous.Counts, previous.FamilyGroup, c, group.FamilyGroup).Count == 0))
            {
                unchanged++;
                continue;
            }

            var detail = new ReturnDetail(group.GroupMembers, group.Kpis, ReturnDataQuality.Findings(c, group.FamilyGroup, issues.GetValueOrDefault(e.Id)));
            db.MonthlyReturns.Add(new MonthlyReturn
            {
                EstablishmentId = e.Id,
                Month = key,
                Version = (previous?.Version ?? 0) + 1,
                Status = ReturnStatus.Draft,
                Revised = previous is not null,
                RevisionReason = previous is null ? null : RevisionReason(previous, c, group.FamilyGroup),
                FamilyGroup = group.FamilyGroup,
                Counts = c,
                DetailJson = detail.ToJson(),
                ContentHash = hash,
                GeneratedAt = now,
            });
            if (previous is null)
            {
                generated++;
            }
            else
            {
                revised++;
            }
        }
        // One save for the month, inside its transaction: saving after each establishment made every save detect
        // changes over all the returns and audit events tracked so far (quadratic: ~7 of 9 s at a tenth of national volumes).
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        var result = new GenerationResult(month, generated, unchanged, revised);
        log.LogInformation("Monthly returns {Result}", result);
        return result;
    }

    private static string RevisionReason(MonthlyReturn previous, KpiCounts now, string? group)
    {
        var changes = ReturnContent.Changes(previous.Counts, previous.FamilyGroup, now, group);
        var reason = previous.Status == ReturnStatus.SignedOff
            ? $"Returned to draft: data changed after version {previous.Version} was signed off by {previous.SignedOffBy} on {(previous.SignedOffAt is { } at ? LondonTime.Format(LondonTime.DateOf(at)) : "")}. Changes: {changes}"
            : $"Data changed after version {previous.Version} was generated. Changes: {changes}";
        return reason.Length <= 2000 ? reason : reason[..1999] + "…";
    }
}
