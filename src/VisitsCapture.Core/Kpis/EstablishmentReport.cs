using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Kpis;

/// <summary>One KPI of an establishment in a period: value, previous value, family-group comparison, target and RAG.</summary>
public sealed record KpiLine(
    Kpi Kpi,
    double? Value,
    double? Previous,
    GroupComparisonResult? Group,
    MemberPosition? Position,
    KpiTarget? Target,
    bool TargetIsGroups,
    Rag Rag,
    bool IsRollup);

/// <summary>Everything the dashboard and the establishment API say about one establishment's month.</summary>
public sealed record EstablishmentReport(
    EstablishmentRef Establishment,
    KpiPeriod Period,
    KpiPeriod? PreviousPeriod,
    GroupRef? Group,
    KpiRollup? Values,
    IReadOnlyList<KpiLine> Lines)
{
    public KpiLine Line(Kpi kpi) => Lines.Single(l => l.Kpi == kpi);

    /// <summary>Builds the report from the period's KPIs and, for the change, the previous period's.</summary>
    public static EstablishmentReport Build(PeriodKpis now, PeriodKpis? previous, int establishmentId)
    {
        ArgumentNullException.ThrowIfNull(now);
        var establishment = now.Establishments[establishmentId];
        var group = now.GroupOfEstablishment(establishmentId);
        var values = now.ValuesOf(establishmentId);
        var before = previous?.ValuesOf(establishmentId);
        var lines = KpiFormulas.All.Select(kpi =>
        {
            var value = Published(kpi, values);
            var comparison = group is null ? null : now.Compare(group, kpi);
            var target = now.Target(establishmentId, kpi);
            return new KpiLine(
                kpi,
                value,
                Published(kpi, before),
                comparison,
                comparison?.Members.GetValueOrDefault(establishmentId),
                target,
                target is not null && target.EstablishmentId is null,
                now.Rag(target, value),
                values?.IsRollup == true);
        }).ToList();
        return new EstablishmentReport(establishment, now.Period, previous?.Period, group, values, lines);
    }

    private static double? Published(Kpi kpi, KpiRollup? values) => values?.Rounded(kpi);
}
