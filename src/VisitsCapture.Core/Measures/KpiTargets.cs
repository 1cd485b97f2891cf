using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Measures;

/// <summary>Which key performance target applies to an establishment's KPI in a month, and its RAG status.</summary>
public static class KpiTargets
{
    /// <summary>
    /// The target for <paramref name="kpi"/> in <paramref name="month"/>: the establishment's own target if it has
    /// one, else its family group's (the group of that month). Among several targets of the same owner, those whose
    /// baseline date is after the month are not yet in force; of the rest, the one due soonest on or after the start
    /// of the month applies, or, once all are past their date, the one due last (performance is still reported
    /// against the most recent target until a new one is set).
    /// </summary>
    public static KpiTarget? Applicable(IEnumerable<KpiTarget> targets, Kpi kpi, int establishmentId, int? familyGroupId, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var forKpi = targets.Where(t => t.Kpi == kpi && (t.BaselineDate is null || t.BaselineDate <= month.LastDay)).ToList();
        return Choose(forKpi.Where(t => t.EstablishmentId == establishmentId), month)
            ?? (familyGroupId is { } g ? Choose(forKpi.Where(t => t.EstablishmentId is null && t.FamilyGroupId == g), month) : null);
    }

    private static KpiTarget? Choose(IEnumerable<KpiTarget> targets, YearMonth month)
    {
        var list = targets.ToList();
        return list.Where(t => t.TargetDate >= month.FirstDay).OrderBy(t => t.TargetDate).ThenByDescending(t => t.Id).FirstOrDefault()
            ?? list.OrderByDescending(t => t.TargetDate).ThenByDescending(t => t.Id).FirstOrDefault();
    }

    /// <summary>How far short of the target is still amber, in the KPI's units: the target's own tolerance, or the
    /// configured percentage of the target value.</summary>
    public static double Tolerance(KpiTarget target, double defaultTolerancePct)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.AmberTolerance ?? Math.Abs(target.TargetValue) * defaultTolerancePct / 100.0;
    }

    /// <summary>
    /// RAG of the published (rounded) value against the target: green at or better than target, amber short of it
    /// by no more than the tolerance, red beyond; none without a value. Places available, which has no direction in
    /// DESIGN.md, is measured as higher-is-better against a target.
    /// </summary>
    public static Rag Status(KpiTarget target, double? actual, double defaultTolerancePct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var published = KpiFormulas.Published(target.Kpi, actual);
        return RagStatus.Of(published, target.TargetValue, KpiFormulas.HigherIsBetter(target.Kpi), Tolerance(target, defaultTolerancePct));
    }
}
