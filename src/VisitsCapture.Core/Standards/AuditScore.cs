using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Standards;

/// <summary>The score and RAG of an audit (DESIGN.md): 100 × (Met + 0.5 × Partly met) / items not "Not applicable".</summary>
public static class AuditScore
{
    /// <summary>The score %, or null (no data) when no item applies. Unanswered items (a draft's) are not counted.</summary>
    public static double? Of(IEnumerable<ItemResult?> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        int applicable = 0, met = 0, partly = 0;
        foreach (var r in results)
        {
            if (r is null or ItemResult.NotApplicable)
            {
                continue;
            }
            applicable++;
            met += r == ItemResult.Met ? 1 : 0;
            partly += r == ItemResult.PartlyMet ? 1 : 0;
        }
        return applicable == 0 ? null : 100.0 * (met + 0.5 * partly) / applicable;
    }

    /// <summary>Decimal places a score is published to.</summary>
    public const int Decimals = 1;

    /// <summary>
    /// Green at or above GreenPct, amber at or above AmberPct, red below; None for no data. Decided on the score as
    /// published (1 decimal place), so a score shown as 90.0% is green. The KPI RAG rule with the amber band as tolerance.
    /// </summary>
    public static Rag RagOf(double? score, StandardsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RagStatus.Of(Rounding.HalfAwayFromZero(score, Decimals), options.GreenPct, higherIsBetter: true, tolerance: Math.Max(0, options.GreenPct - options.AmberPct));
    }

    /// <summary>
    /// Overdue when there is no completed audit, or the latest is dated before the day <paramref name="months"/>
    /// months ago: an audit of 3 June 2025 is still in date on 3 June 2026 and overdue from 4 June 2026.
    /// </summary>
    public static bool IsOverdue(DateOnly? latest, DateOnly today, int months) =>
        latest is not { } d || d < today.AddMonths(-months);
}
