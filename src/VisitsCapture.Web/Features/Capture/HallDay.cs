using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Capture;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;

namespace VisitsCapture.Web.Features.Capture;

/// <summary>One session of the day as the hall sees it: capacity, visits logged, in the hall, attended.</summary>
public sealed record HallSession(
    int Id,
    DateOnly Date,
    TimeOnly Start,
    TimeOnly End,
    SessionType Type,
    int CapacityVisits,
    int CapacityVisitors,
    SessionStatus Status,
    string? CancellationReason,
    int Logged,
    int InHall,
    int Visitors,
    int Attended)
{
    public bool IsCancelled => Status == SessionStatus.CancelledByEstablishment;

    /// <summary>Every table taken, or every visitor place: new visits are still accepted, with a warning.</summary>
    public bool Full => !IsCancelled && (InHall >= CapacityVisits || Visitors >= CapacityVisitors);

    public string Label => $"{Labels.Times(Start, End)} {Labels.Of(Type)}";
}

/// <summary>One visit in the day's list (no names exist: the prisoner is a prison number).</summary>
public sealed record HallVisit(
    int Id,
    int SessionId,
    string Prisoner,
    int Adults,
    int Children,
    string? TableNumber,
    VisitOutcome? Outcome,
    TimeOnly? ArrivedAt,
    TimeOnly? EndedAt,
    bool NeedsReview,
    Guid Version)
{
    /// <summary>The list's order (hall.js waitingRank does the same in the page): still waiting, then in the hall, then done.</summary>
    public int WaitingRank => Outcome is null ? 0 : Outcome == VisitOutcome.Attended && EndedAt is null ? 1 : 2;
}

/// <summary>The day in one establishment's visits hall.</summary>
public sealed record HallDayModel(Establishment Establishment, DateOnly Date, bool IsToday, IReadOnlyList<HallSession> Sessions, IReadOnlyList<HallVisit> Visits)
{
    /// <summary>The session to log into by default: the one running now, else the next to start, else the last.</summary>
    public HallSession? Current(TimeOnly now)
    {
        var open = Sessions.Where(s => !s.IsCancelled).ToList();
        return open.FirstOrDefault(s => s.Start <= now && now < s.End) ?? open.FirstOrDefault(s => s.Start > now) ?? open.LastOrDefault();
    }
}

/// <summary>
/// Reads a day of the hall. Today's sessions are generated from the timetable first if the daily job has not made
/// them yet (idempotent and cheap), so the hall screen works from the first morning.
/// </summary>
public sealed class HallDay(VisitsDbContext db, SessionGenerator generator, TimeProvider clock)
{
    public async Task<IReadOnlyList<HallSession>> SessionsAsync(Establishment establishment, DateOnly date, CancellationToken ct = default)
    {
        if (date == clock.LondonToday())
        {
            await generator.GenerateAsync(establishment.Id, date, date, ct);
        }
        return await Counted(db.Sessions.AsNoTracking().Where(s => s.EstablishmentId == establishment.Id && s.Date == date)
            .OrderBy(s => s.Start).ThenBy(s => s.End)).ToListAsync(ct);
    }

    /// <summary>One session with its counts now: what the hall screen updates after a change, from the API's answer.</summary>
    public Task<HallSession?> SessionAsync(int establishmentId, int sessionId, CancellationToken ct = default) =>
        Counted(db.Sessions.AsNoTracking().Where(s => s.EstablishmentId == establishmentId && s.Id == sessionId)).FirstOrDefaultAsync(ct);

    private static IQueryable<HallSession> Counted(IQueryable<Session> sessions) =>
        sessions.Select(s => new HallSession(s.Id, s.Date, s.Start, s.End, s.Type, s.CapacityVisits, s.CapacityVisitors, s.Status, s.CancellationReason,
            s.Visits.Count(v => !v.Removed),
            s.Visits.AsQueryable().Count(VisitLog.InTheHall),
            s.Visits.AsQueryable().Where(VisitLog.InTheHall).Sum(v => v.Adults + v.Children0To4 + v.Children5To11 + v.Children12To17),
            s.Visits.Count(v => !v.Removed && v.Outcome == VisitOutcome.Attended)));

    public async Task<HallDayModel> LoadAsync(Establishment establishment, DateOnly date, CancellationToken ct = default)
    {
        var sessions = await SessionsAsync(establishment, date, ct);
        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.EstablishmentId == establishment.Id && v.Date == date && !v.Removed)
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id)
            .Select(v => new HallVisit(v.Id, v.SessionId, v.Prisoner, v.Adults, v.Children0To4 + v.Children5To11 + v.Children12To17, v.TableNumber,
                v.Outcome, v.ArrivedAt, v.EndedAt, v.NeedsReview, v.Version))
            .ToListAsync(ct);
        return new HallDayModel(establishment, date, date == clock.LondonToday(), sessions, visits);
    }
}
