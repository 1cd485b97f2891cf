using System.Globalization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Kpis;

/// <summary>
/// How KPI numbers read on pages and in exports: rounded half away from zero to the published precision, "No data"
/// for a missing value (never 0), "Not available" for a roll-up's median distance, and "&lt;5" for a small number in a
/// view shown outside the establishment (<see cref="SmallNumbers"/>).
/// </summary>
public sealed class KpiDisplay(bool suppress, int threshold)
{
    public const string NoData = "No data";
    public const string NotAvailable = "Not available";

    /// <summary>Every number exact: the command-line export, the operator's data feed, which is not a view (DESIGN.md).</summary>
    public static KpiDisplay Exact { get; } = new(suppress: false, SmallNumbers.DefaultThreshold);

    /// <summary>Whether small numbers are withheld in this view (it is shown outside the establishment).</summary>
    public bool Suppress { get; } = suppress;

    public int Threshold { get; } = threshold;

    public string Suppressed => "<" + Threshold.ToString(CultureInfo.InvariantCulture);

    /// <summary>The display for figures about other establishments (a family group's statistics): always withheld.</summary>
    public KpiDisplay Outside => Suppress ? this : new KpiDisplay(suppress: true, Threshold);

    /// <summary>The HEADLINE KPIs of DESIGN.md: capacity to deliver visits, and visits volumes achieved.</summary>
    public static IReadOnlyList<Kpi> Headline { get; } = [Kpi.CapacityRatio, Kpi.VisitsPer100Prisoners];

    public static string Name(Kpi kpi) => KpiFormulas.Name(kpi);

    public static string Direction(Kpi kpi) =>
        !KpiFormulas.HasDirection(kpi) ? "No direction" : KpiFormulas.HigherIsBetter(kpi) ? "Higher is better" : "Lower is better";

    /// <summary>True when this value of this KPI is withheld here.</summary>
    public bool IsWithheld(Kpi kpi, double? value) =>
        Suppress && SmallNumbers.AppliesTo(kpi) && SmallNumbers.IsSuppressed(KpiFormulas.Published(kpi, value), Threshold);

    /// <summary>A count that is not a KPI (the unknown-home count of prisoners), withheld by the same rule.</summary>
    public bool IsWithheld(int? count) => Suppress && SmallNumbers.IsSuppressed(count, Threshold);

    public string Count(int? count) => count is null ? NoData : IsWithheld(count) ? Suppressed : count.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value of the KPI: "1.50", "No data", or "&lt;5".</summary>
    public string Number(Kpi kpi, double? value) =>
        value is null ? NoData : IsWithheld(kpi, value) ? Suppressed : KpiFormulas.Format(kpi, value);

    /// <summary>An establishment's or a roll-up's value of the KPI.</summary>
    public string Value(Kpi kpi, KpiRollup? values) =>
        values is null ? NoData : values.IsRollup && kpi == Kpi.MedianDistanceMiles ? NotAvailable : Number(kpi, values.Value(kpi));

    /// <summary>Published value for export and the API: the rounded number, or null when there is none or it is withheld.</summary>
    public double? Published(Kpi kpi, double? value) =>
        IsWithheld(kpi, value) ? null : KpiFormulas.Published(kpi, value);

    /// <summary>The change from the previous period, on the published values: "+0.21", "-0.12", "No change", or "No data".</summary>
    public string Change(Kpi kpi, double? now, double? before)
    {
        if (ChangeValue(kpi, now, before) is not { } change)
        {
            return now is null || before is null ? NoData : "Withheld";
        }
        if (change == 0)
        {
            return "No change";
        }
        var text = KpiFormulas.Format(kpi, change);
        return change > 0 ? "+" + text : text;
    }

    public double? ChangeValue(Kpi kpi, double? now, double? before)
    {
        if (now is null || before is null || IsWithheld(kpi, now) || IsWithheld(kpi, before))
        {
            return null;
        }
        return KpiFormulas.Published(kpi, KpiFormulas.Published(kpi, now) - KpiFormulas.Published(kpi, before));
    }

    public static string RagText(Rag rag) => rag switch
    {
        Rag.Green => "Green",
        Rag.Amber => "Amber",
        Rag.Red => "Red",
        _ => NoData,
    };

    /// <summary>The GOV.UK tag colour for a RAG status (text always says the status too).</summary>
    public static string RagClass(Rag rag) => rag switch
    {
        Rag.Green => "govuk-tag--green",
        Rag.Amber => "govuk-tag--yellow",
        Rag.Red => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };

    /// <summary>"rank 3 of 9 in Male Cat C trainer", or why there is no rank.</summary>
    public static string Rank(Kpi kpi, MemberPosition? position, GroupComparisonResult? group, GroupRef? groupRef)
    {
        if (groupRef is null)
        {
            return "Not in a family group";
        }
        if (!KpiFormulas.HasDirection(kpi))
        {
            return "Not ranked (no better direction)";
        }
        return position?.Rank is { } rank && group is not null
            ? $"rank {rank} of {group.N} in {groupRef.Name}"
            : "Not ranked (no data)";
    }

    public static string Date(DateOnly date) => LondonTime.Format(date);

    public static string Target(KpiTarget t) =>
        $"{KpiFormulas.Format(t.Kpi, t.TargetValue)} by {Date(t.TargetDate)}";
}
