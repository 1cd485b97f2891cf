namespace VisitsCapture.Web.Features.Sessions;

/// <summary>"Today" and "now" in the visits hall: Europe/London local time from the injected clock.</summary>
public static class LondonTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime LondonNow(this TimeProvider clock) => TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Zone);

    public static DateOnly LondonToday(this TimeProvider clock) => DateOnly.FromDateTime(clock.LondonNow());

    /// <summary>The local time to the minute, as stamped on a visit when an officer taps a button.</summary>
    public static TimeOnly LondonTimeOfDay(this TimeProvider clock)
    {
        var now = clock.LondonNow();
        return new TimeOnly(now.Hour, now.Minute);
    }
}
