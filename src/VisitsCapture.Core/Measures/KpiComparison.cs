using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Measures;

/// <summary>Family-group comparison of one KPI (DESIGN.md), on the values as they are published.</summary>
public static class KpiComparison
{
    /// <summary>
    /// Compares the members' values after rounding each to the KPI's published precision, so that the ranks,
    /// medians and quartiles shown can be reproduced from the published values, and members showing the same figure
    /// share a rank. A KPI with no "better" direction (places available, arrivals, leavers: <see cref="KpiFormulas.HasDirection"/>)
    /// gets the statistics but no rank or quartile position.
    /// </summary>
    /// <param name="memberValues">Establishment id → unrounded KPI value (null = no data).</param>
    public static GroupComparisonResult Compare(Kpi kpi, IReadOnlyDictionary<int, double?> memberValues)
    {
        ArgumentNullException.ThrowIfNull(memberValues);
        var rounded = memberValues.ToDictionary(m => m.Key, m => KpiFormulas.Published(kpi, m.Value));
        var result = GroupComparison.Compare(rounded, KpiFormulas.HigherIsBetter(kpi));
        if (KpiFormulas.HasDirection(kpi))
        {
            return result;
        }
        var unranked = result.Members.ToDictionary(m => m.Key, m => m.Value with { Rank = null, QuartilePosition = null });
        return result with { Members = unranked };
    }
}
