namespace VisitsCapture.Core.Domain;

/// <summary>Local dates and times are Europe/London (DESIGN.md): "today" in a prison is the London date, whatever the server's zone.</summary>
public static class LondonTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(LondonNow(clock));

    public static DateTime LondonNow(this TimeProvider clock) => TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Zone);

    public static DateOnly LondonToday(this TimeProvider clock) => Today(clock);

    /// <summary>
    /// The month of today's London date. Months end at London midnight: 23:30 UTC on 31 March is already April
    /// (BST, UTC+1), while 23:30 UTC on 31 October is still October (GMT).
    /// </summary>
    public static YearMonth CurrentMonth(this TimeProvider clock) => YearMonth.Of(Today(clock));

    /// <summary>The latest month that has ended in London: the default month of the reports, the month returns are due for.</summary>
    public static YearMonth LastCompleteMonth(this TimeProvider clock) => clock.CurrentMonth().Previous;

    /// <summary>The local time to the minute, as stamped on a visit when an officer taps a button.</summary>
    public static TimeOnly LondonTimeOfDay(this TimeProvider clock)
    {
        var now = clock.LondonNow();
        return new TimeOnly(now.Hour, now.Minute);
    }

    private static readonly System.Globalization.CultureInfo EnGb = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    /// <summary>A stored UTC time as London wall-clock time for pages, e.g. "1 April 2025, 06:00"; empty for null.</summary>
    public static string Format(DateTime? utc) => utc is { } u ? Local(u).ToString("d MMMM yyyy, HH:mm", EnGb) : "";

    /// <summary>A date as pages and messages write it, e.g. "1 April 2025".</summary>
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", EnGb);

    /// <summary>The London date of a stored UTC time.</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The UTC instant of a London wall-clock date and time.</summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), Zone);
}
