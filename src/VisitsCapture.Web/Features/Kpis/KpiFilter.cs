using Microsoft.AspNetCore.Mvc.ModelBinding;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Kpis;

/// <summary>The period and KPI chosen on a comparison page, with the options offered and any error.</summary>
public sealed record KpiFilter(KpiPeriod Period, Kpi Kpi, IReadOnlyList<SelectOption> PeriodOptions, IReadOnlyList<SelectOption> KpiOptions, string? PeriodError, string? KpiError)
{
    public const int MonthsOffered = 24;
    public const int QuartersOffered = 8;

    /// <summary>
    /// Reads ?period= (a month "2025-05" or a quarter "2025-Q1"; default the last complete month) and ?kpi= (a KPI
    /// name; default <paramref name="defaultKpi"/>). Anything else is an error recorded in <paramref name="modelState"/>,
    /// and the defaults are shown.
    /// </summary>
    public static KpiFilter Read(string? period, string? kpi, ReportingCalendar calendar, ModelStateDictionary modelState, Kpi defaultKpi = Kpi.CapacityRatio)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(modelState);
        var chosen = KpiPeriod.Of(calendar.LastCompleteMonth);
        string? periodError = null;
        if (period is not null)
        {
            if (KpiPeriod.TryParse(period, out var p) && calendar.IsReportable(p.First))
            {
                chosen = p;
            }
            else
            {
                periodError = "Select a month or quarter from the list";
                modelState.AddModelError("period", periodError);
            }
        }
        var chosenKpi = defaultKpi;
        string? kpiError = null;
        if (kpi is not null)
        {
            if (TryKpi(kpi, out var k))
            {
                chosenKpi = k;
            }
            else
            {
                kpiError = "Select a KPI from the list";
                modelState.AddModelError("kpi", kpiError);
            }
        }
        var months = calendar.RecentMonths(MonthsOffered).Select(m => KpiPeriod.Of(m));
        var quarters = calendar.RecentQuarters(QuartersOffered).Select(KpiPeriod.Of);
        var options = months.Select(m => new SelectOption(m.Key, m.Label, "Months"))
            .Concat(quarters.Select(q => new SelectOption(q.Key, $"{q.Label} ({q.Range})", "Financial quarters")))
            .ToList();
        if (!options.Any(o => o.Value == chosen.Key))
        {
            options.Insert(0, new SelectOption(chosen.Key, chosen.IsQuarter ? $"{chosen.Label} ({chosen.Range})" : chosen.Label, chosen.IsQuarter ? "Financial quarters" : "Months"));
        }
        return new KpiFilter(chosen, chosenKpi, options, AllKpis, periodError, kpiError);
    }

    public static IReadOnlyList<SelectOption> AllKpis { get; } =
        KpiFormulas.All.Select(k => new SelectOption(k.ToString(), KpiFormulas.Name(k))).ToList();

    /// <summary>A KPI by its name (case-insensitive), never by number.</summary>
    public static bool TryKpi(string? text, out Kpi kpi)
    {
        kpi = default;
        return !string.IsNullOrWhiteSpace(text) && !char.IsDigit(text.Trim()[0]) && text.Trim()[0] != '-'
            && Enum.TryParse(text.Trim(), ignoreCase: true, out kpi) && Enum.IsDefined(kpi);
    }

    public string Query => $"period={Uri.EscapeDataString(Period.Key)}&kpi={Kpi}";
}
