using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;

namespace VisitsCapture.Core.Returns;

/// <summary>
/// The data-quality panel of a return, worked out when the return is generated with the rules and wording of
/// <see cref="DataQualityFindings"/> (the dashboard's panel uses the same ones).
/// </summary>
public sealed class ReturnDataQuality(VisitsDbContext db)
{
    public sealed record VisitIssues(int WithoutOutcome, int NeedsReview);

    /// <summary>Visits still without an outcome, and visits flagged for review, per establishment (those with any).</summary>
    public async Task<IReadOnlyDictionary<int, VisitIssues>> VisitIssuesAsync(YearMonth month, CancellationToken ct)
    {
        var key = month.Key;
        // By establishment id too, so that the month's rows are sought in the per-establishment index, not every visit scanned.
        var ids = await db.Establishments.AsNoTracking().Select(e => e.Id).ToListAsync(ct);
        // One pass over the month's visits for both counts.
        return await db.Visits.AsNoTracking()
            .Where(v => ids.Contains(v.EstablishmentId) && v.Month == key)
            .GroupBy(v => v.EstablishmentId)
            .Select(g => new
            {
                g.Key,
                WithoutOutcome = g.AsQueryable().Count(DataQualityFindings.WithoutOutcome),
                NeedsReview = g.Count(v => !v.Removed && v.NeedsReview),
            })
            .Where(x => x.WithoutOutcome > 0 || x.NeedsReview > 0)
            .ToDictionaryAsync(x => x.Key, x => new VisitIssues(x.WithoutOutcome, x.NeedsReview), ct);
    }

    public static IReadOnlyList<DataQualityFinding> Findings(KpiCounts c, string? familyGroup, VisitIssues? issues) =>
        DataQualityFindings.Of(c, familyGroup, issues?.WithoutOutcome ?? 0, issues?.NeedsReview ?? 0);
}
