namespace VisitsCapture.Core.Standards;

public enum Currency
{
    /// <summary>Never completed.</summary>
    None,
    Current,
    Due,
    Lapsed,
}

/// <summary>
/// Whether a course is current: from the completion date until the day before its refresh date (completion +
/// refresh period); due from the refresh date for the grace months; lapsed after. A course completed on 3 June 2025
/// with a 12-month refresh is current to 2 June 2026, due from 3 June 2026 (exactly one period on) to 2 September
/// 2026 with 3 grace months, and lapsed from 3 September 2026. A refresh period of 0 means it never needs refreshing.
/// </summary>
public static class TrainingCurrency
{
    public static Currency Of(DateOnly? completedOn, int refreshMonths, int graceMonths, DateOnly today)
    {
        if (completedOn is not { } done)
        {
            return Currency.None;
        }
        if (refreshMonths <= 0)
        {
            return Currency.Current;
        }
        var refresh = done.AddMonths(refreshMonths);
        return today < refresh ? Currency.Current
            : today < refresh.AddMonths(graceMonths) ? Currency.Due
            : Currency.Lapsed;
    }
}
