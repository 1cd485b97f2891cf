using System.Globalization;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Kpis;

/// <summary>A reporting period: one month ("2025-05") or a financial quarter ("2025-Q1" = April-June 2025).</summary>
public sealed record KpiPeriod(string Key, string Label, IReadOnlyList<YearMonth> Months)
{
    public bool IsQuarter => Months.Count > 1;
    public YearMonth First => Months[0];
    public YearMonth Last => Months[^1];

    public static KpiPeriod Of(YearMonth month) => new(month.ToString(), month.ToLongString(), [month]);

    public static KpiPeriod Of(FinancialQuarter quarter) => new(quarter.ToString(), quarter.ToLongString(), quarter.Months.ToList());

    public static bool TryParse(string? text, out KpiPeriod period)
    {
        period = null!;
        if (YearMonth.TryParse(text, out var month))
        {
            period = Of(month);
            return true;
        }
        if (FinancialQuarter.TryParse(text, out var quarter))
        {
            period = Of(quarter);
            return true;
        }
        return false;
    }

    /// <summary>The date range in words, for captions: "April to June 2025".</summary>
    public string Range => IsQuarter
        ? $"{First.FirstDay.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))} to {Last.ToLongString()}"
        : Label;
}

/// <summary>The KPI pages' calendar: London's today and months (<see cref="LondonTime"/>) and the months and quarters to offer.</summary>
public sealed class ReportingCalendar(TimeProvider clock)
{
    public DateOnly Today => LondonTime.Today(clock);

    public YearMonth CurrentMonth => clock.CurrentMonth();

    /// <summary>The default month of every KPI page: the month before the current one.</summary>
    public YearMonth LastCompleteMonth => clock.LastCompleteMonth();

    /// <summary>Months to offer in a month picker, newest first: the current month back <paramref name="count"/> months.</summary>
    public IReadOnlyList<YearMonth> RecentMonths(int count) =>
        Enumerable.Range(0, count).Select(i => CurrentMonth.AddMonths(-i)).ToList();

    /// <summary>Financial quarters to offer, newest (the current one) first.</summary>
    public IReadOnlyList<FinancialQuarter> RecentQuarters(int count)
    {
        var list = new List<FinancialQuarter>();
        for (var m = CurrentMonth; list.Count < count; m = m.AddMonths(-3))
        {
            list.Add(m.Quarter);
        }
        return list;
    }

    /// <summary>A month the reports accept: from 2000 up to the current month.</summary>
    public bool IsReportable(YearMonth month) => month.Year >= 2000 && month <= CurrentMonth;
}
