using System.Globalization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Exports;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Impact;

/// <summary>
/// The impact CSV of DESIGN.md "Interfaces" (`impact export`): one row per intervention and KPI, in the documented
/// columns; values rounded as the KPI is published (half away from zero, 2 places); "no data" is an empty cell.
/// Impact values are ratios and differences of ratios, not counts of people, so the small-number rule does not apply.
/// </summary>
public static class ImpactExport
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "establishment", "intervention_start", "kind", "kpi", "months_before", "months_after", "before", "after", "comparators",
        "comparators_before", "comparators_after", "effect", "placebo_rank", "placebo_count",
    ];

    public static ExportTable Table(IEnumerable<InterventionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = reports
            .OrderBy(r => r.Establishment.Code, StringComparer.Ordinal).ThenBy(r => r.Intervention.StartDate).ThenBy(r => r.Intervention.Kind)
            .SelectMany(r => InterventionImpact.Kpis.Select(k => Row(r, r.On(k))))
            .ToList();
        return new ExportTable("Impact", Columns, rows);
    }

    private static IReadOnlyList<ExportCell> Row(InterventionReport r, Impact i) =>
    [
        r.Establishment.Code,
        r.Intervention.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.Intervention.Kind.ToString(),
        KpiFormulas.CsvColumn(i.Kpi),
        Whole(i.Before.Months),
        Whole(i.After.Months),
        Value(i.Kpi, i.Before.Value),
        Value(i.Kpi, i.After.Value),
        Whole(i.Comparators),
        Value(i.Kpi, i.ComparatorsBefore),
        Value(i.Kpi, i.ComparatorsAfter),
        Value(i.Kpi, i.Effect),
        Whole(i.PlaceboRank),
        Whole(i.PlaceboCount),
    ];

    private static ExportCell Value(Kpi kpi, double? value) => ExportCell.Of(KpiFormulas.Published(kpi, value), KpiFormulas.Format(kpi, value));

    private static ExportCell Whole(int? n) => ExportCell.Of(n, n?.ToString(CultureInfo.InvariantCulture) ?? "");
}
