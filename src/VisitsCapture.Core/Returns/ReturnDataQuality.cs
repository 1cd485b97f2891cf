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

    /// <summary>Visits still without an outcome, and visits flagged for review, per establishment (those with any), in two grouped queries.</summary>
    public async Task<IReadOnlyDictionary<int, VisitIssues>> VisitIssuesAsync(YearMonth month, CancellationToken ct)
    {
        var key = month.Key;
        // By establishment id too, so that the month's rows are sought in the per-establishment index, not every visit scanned.
        var ids = await db.Establishments.AsNoTracking().Select(e => e.Id).ToListAsync(ct);
        var visits = db.Visits.AsNoTracking().Where(v => ids.Contains(v.EstablishmentId) && v.Month == key);
        var withoutOutcome = await visits.Where(DataQualityFindings.WithoutOutcome)
            .GroupBy(v => v.EstablishmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var needsReview = await visits.Where(v => !v.Removed && v.NeedsReview)
            .GroupBy(v => v.EstablishmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return withoutOutcome.Keys.Union(needsReview.Keys).ToDictionary(
            id => id, id => new VisitIssues(withoutOutcome.GetValueOrDefault(id), needsReview.GetValueOrDefault(id)));
    }

    public static IReadOnlyList<DataQualityFinding> Findings(KpiCounts c, string? familyGroup, VisitIssues? issues) =>
        DataQualityFindings.Of(c, familyGroup, issues?.WithoutOutcome ?? 0, issues?.NeedsReview ?? 0);
}
