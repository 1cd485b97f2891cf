using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Sessions;

/// <summary>The values of a weekly session template, read and checked from a form.</summary>
public sealed record TemplateValues(DayOfWeek Day, TimeOnly Start, TimeOnly End, SessionType Type, int CapacityVisits, int CapacityVisitors, DateOnly ValidFrom, DateOnly? ValidTo);

/// <summary>The values of one session (a one-off), read and checked from a form.</summary>
public sealed record SessionValues(DateOnly Date, TimeOnly Start, TimeOnly End, SessionType Type, int CapacityVisits, int CapacityVisitors);

/// <summary>What a timetable change did to sessions already generated from the old template.</summary>
public sealed record TimetableChange(int Replaced, int KeptWithVisits);

/// <summary>
/// A governor's changes to the timetable. A template is never edited in a way that reaches back: a change ends the
/// old template the day before it takes effect and starts a new one, and only sessions from that date on (never
/// before today, never one with visits recorded) are made again from the new template.
/// </summary>
public sealed class Timetable(VisitsDbContext db, SessionGenerator generator, TimeProvider clock)
{
    /// <summary>An error message when another template has a session on the same day and start in an overlapping period.</summary>
    public async Task<string?> ClashAsync(int establishmentId, DayOfWeek day, TimeOnly start, DateOnly from, DateOnly? to, int? except = null)
    {
        var clash = await db.SessionTemplates.AsNoTracking()
            .Where(t => t.EstablishmentId == establishmentId && t.DayOfWeek == day && t.Start == start && t.Id != except
                        && (t.ValidTo == null || t.ValidTo >= from) && (to == null || t.ValidFrom <= to))
            .AnyAsync();
        return clash ? $"There is already a weekly session on {day}s at {Labels.Time(start)} in that period: change that one instead" : null;
    }

    public async Task<SessionTemplate> AddTemplateAsync(int establishmentId, TemplateValues v)
    {
        var template = new SessionTemplate { EstablishmentId = establishmentId };
        Apply(template, v);
        db.SessionTemplates.Add(template);
        await db.SaveChangesAsync();
        return template;
    }

    /// <summary>The template takes the new values from <paramref name="from"/> (today or later).</summary>
    public async Task<TimetableChange> ChangeTemplateAsync(SessionTemplate old, TemplateValues values, DateOnly from)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var (retiredUntil, keptDates, result) = await RetireSessionsAsync(old, from);
        var successor = old;
        if (old.ValidFrom >= from)
        {
            // Not yet in force: nothing of it is in the past, so it is simply corrected.
            Apply(old, values with { ValidFrom = from });
        }
        else
        {
            old.ValidTo = from.AddDays(-1);
            old.Version = Guid.NewGuid();
            successor = new SessionTemplate { EstablishmentId = old.EstablishmentId };
            Apply(successor, values with { ValidFrom = from });
            db.SessionTemplates.Add(successor);
        }
        await db.SaveChangesAsync();
        if (retiredUntil is { } until)
        {
            // Where a session was kept because it has visits, the new template adds no second one that day.
            await generator.GenerateAsync(old.EstablishmentId, from, until, keptDates.Select(d => (successor.Id, d)).ToHashSet(), default);
        }
        await tx.CommitAsync();
        return result;
    }

    /// <summary>The template has no sessions from <paramref name="from"/> (today or later) on.</summary>
    public async Task<TimetableChange> StopTemplateAsync(SessionTemplate template, DateOnly from)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var (_, _, result) = await RetireSessionsAsync(template, from);
        if (template.ValidFrom >= from)
        {
            db.SessionTemplates.Remove(template);
        }
        else
        {
            template.ValidTo = from.AddDays(-1);
            template.Version = Guid.NewGuid();
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return result;
    }

    /// <summary>
    /// Cancels a session: it counts as a session lost, and its visits with no outcome yet (booked, not arrived) get the
    /// outcome CancelledByEstablishment. Returns how many visits that changed.
    /// </summary>
    public async Task<int> CancelSessionAsync(Session session, string reason)
    {
        session.Status = SessionStatus.CancelledByEstablishment;
        session.CancellationReason = reason;
        session.Version = Guid.NewGuid();
        var booked = await db.Visits.Where(v => v.SessionId == session.Id && !v.Removed && v.Outcome == null).ToListAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var visit in booked)
        {
            visit.Outcome = VisitOutcome.CancelledByEstablishment;
            visit.UpdatedAt = now;
            visit.Version = Guid.NewGuid();
        }
        await db.SaveChangesAsync();
        return booked.Count;
    }

    /// <summary>Adds a one-off session (a family day, an extra session); false when one already starts then.</summary>
    public async Task<bool> AddOneOffAsync(int establishmentId, SessionValues v)
    {
        if (await db.Sessions.AnyAsync(s => s.EstablishmentId == establishmentId && s.Date == v.Date && s.Start == v.Start))
        {
            return false;
        }
        var session = new Session
        {
            EstablishmentId = establishmentId,
            Start = v.Start,
            End = v.End,
            Type = v.Type,
            CapacityVisits = v.CapacityVisits,
            CapacityVisitors = v.CapacityVisitors,
            Status = SessionStatus.Planned,
            OneOff = true,
        };
        session.SetDate(v.Date);
        db.Sessions.Add(session);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>
    /// Removes the planned sessions made from the template on or after <paramref name="from"/> (never before today)
    /// that have no visits, so they can be made again; returns the last date removed and the dates of sessions kept.
    /// </summary>
    private async Task<(DateOnly? Until, IReadOnlyList<DateOnly> Kept, TimetableChange Result)> RetireSessionsAsync(SessionTemplate template, DateOnly from)
    {
        var first = from > clock.LondonToday() ? from : clock.LondonToday();
        var sessions = await db.Sessions
            .Where(s => s.TemplateId == template.Id && s.Date >= first && s.Status == SessionStatus.Planned)
            .Select(s => new { Session = s, HasVisits = s.Visits.Any() })
            .ToListAsync();
        var retired = sessions.Where(s => !s.HasVisits).Select(s => s.Session).ToList();
        db.Sessions.RemoveRange(retired);
        await db.SaveChangesAsync();
        var kept = sessions.Where(s => s.HasVisits).Select(s => s.Session.Date).ToList();
        return (retired.Count == 0 ? null : retired.Max(s => s.Date), kept, new TimetableChange(retired.Count, kept.Count));
    }

    private static void Apply(SessionTemplate t, TemplateValues v)
    {
        t.DayOfWeek = v.Day;
        t.Start = v.Start;
        t.End = v.End;
        t.Type = v.Type;
        t.CapacityVisits = v.CapacityVisits;
        t.CapacityVisitors = v.CapacityVisitors;
        t.ValidFrom = v.ValidFrom;
        t.ValidTo = v.ValidTo;
        t.Version = Guid.NewGuid();
    }
}
