using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Impact;

/// <summary>How impact figures read on the pages: KPI values rounded as published, effects signed, "No data" for none.</summary>
public static class ImpactText
{
    public static string Value(Kpi kpi, double? value) => value is null ? KpiDisplay.NoData : KpiFormulas.Format(kpi, value);

    public static string Effect(Kpi kpi, double? effect) =>
        KpiFormulas.Published(kpi, effect) is not { } e ? KpiDisplay.NoData : (e > 0 ? "+" : "") + KpiFormulas.Format(kpi, e);

    public static string Placebo(Core.Impact.Impact i) =>
        i.PlaceboRank is { } r ? $"{r} of {i.PlaceboCount + 1}" : "Not ranked";

    public static string Cost(decimal? cost) => cost is { } c ? "£" + c.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-GB")) : "Not known";

    public static string Months(ImpactWindow w) =>
        $"{w.Start.AddMonths(-w.Months).ToLongString()} to {w.Start.Previous.ToLongString()} before, {w.Start.Next.ToLongString()} to {w.Start.AddMonths(w.Months).ToLongString()} after";
}
