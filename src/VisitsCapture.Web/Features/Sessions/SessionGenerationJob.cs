using Hangfire;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using VisitsCapture.Web.Configuration;

namespace VisitsCapture.Web.Features.Sessions;

/// <summary>
/// The recurring "daily-sessions" job: makes the sessions of every establishment's weekly timetable for the coming
/// weeks, so the hall screen and the KPIs' places available are there before the day. Idempotent: existing sessions
/// are left as they are.
/// </summary>
public sealed class SessionGenerationJob(SessionGenerator sessions, TimeProvider clock)
{
    public const string Id = "daily-sessions";

    /// <summary>How far ahead sessions are made.</summary>
    public const int DaysAhead = 28;

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [300, 1800, 3600])]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        using var actor = AmbientActor.As("session generation job");
        var today = LondonTime.Today(clock);
        var made = await sessions.GenerateAsync(null, today, today.AddDays(DaysAhead), ct);
        return $"{made} sessions made from the timetables for {today:yyyy-MM-dd} to {today.AddDays(DaysAhead):yyyy-MM-dd}.";
    }
}
