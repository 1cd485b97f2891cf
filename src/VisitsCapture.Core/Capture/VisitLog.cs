using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Capture;

public enum CreateStatus
{
    Created,

    /// <summary>The same visit was already stored under this client id: the stored one is returned.</summary>
    Replayed,

    /// <summary>A different visit is stored under this client id.</summary>
    Conflict,

    /// <summary>The session is not one of the establishment's, or is on a later day.</summary>
    Invalid,
}

public sealed record CreateResult(CreateStatus Status, Visit? Visit, string? Field = null, string? Error = null);

/// <summary>Who is logging or changing visits at an establishment: a name for the record, and whether they govern it.</summary>
public sealed record CaptureUser(string? Name, bool IsGovernor);

/// <summary>
/// Logging and changing visits, for the hall pages and the API alike. A visit is stored once per client id: the
/// unique index on <see cref="Visit.ClientId"/> decides a race, not a check before inserting.
/// </summary>
public sealed class VisitLog(VisitsDbContext db, TimeProvider clock)
{
    /// <summary>Visits that take a table and count towards the visitors in the hall: not removed, not turned away or cancelled.</summary>
    public static readonly Expression<Func<Visit, bool>> InTheHall = v =>
        !v.Removed && (v.Outcome == null || v.Outcome == VisitOutcome.Attended || v.Outcome == VisitOutcome.Terminated);

    /// <summary>
    /// Staff change a visit on the day it took place; after that only a governor of the establishment can
    /// (DESIGN.md: staff correct entries the same day). The capture policy has already checked the establishment.
    /// </summary>
    public bool CanChange(CaptureUser user, DateOnly visitDate) =>
        visitDate == clock.LondonToday() || user.IsGovernor;

    /// <param name="fromDevice">
    /// True for the API (a tablet's outbox): a visit for a past session from staff is accepted and flagged for review,
    /// since the tablet may have been offline overnight. The hall page only offers today's sessions to staff.
    /// </param>
    public async Task<CreateResult> CreateAsync(CaptureUser user, Establishment establishment, Guid clientId, int sessionId, VisitValues values,
        bool fromDevice, CancellationToken ct = default)
    {
        var hash = values.Hash(sessionId);
        var stored = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.ClientId == clientId, ct);
        if (stored is not null)
        {
            return Replay(stored, establishment, hash);
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.EstablishmentId == establishment.Id, ct);
        var today = clock.LondonToday();
        if (session is null)
        {
            return new CreateResult(CreateStatus.Invalid, null, "SessionId", "Choose one of this establishment's sessions");
        }
        var governor = user.IsGovernor;
        if (session.Date > today)
        {
            return new CreateResult(CreateStatus.Invalid, null, "SessionId", "A visit cannot be logged for a session on a later day");
        }
        if (session.Date < today && !governor && !fromDevice)
        {
            return new CreateResult(CreateStatus.Invalid, null, "SessionId", "Visits can only be logged for today's sessions. Ask a governor to add a visit to an earlier day");
        }

        var visit = new Visit
        {
            ClientId = clientId,
            EstablishmentId = establishment.Id,
            Prisoner = values.Prisoner,
            PayloadHash = hash,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = Truncate(user.Name),
        };
        visit.PlaceIn(session);
        // Stamped with the time now only on the day itself; an earlier day takes its session's times, never the time now.
        (session.Date == today ? Stamp(values) : VisitRules.WithSessionTimes(values, session.Start, session.End)).ApplyTo(visit);
        if (session.IsCancelled)
        {
            Flag(visit, $"The session was cancelled by the establishment before this visit was received. Reason given: {session.CancellationReason}");
        }
        else if (session.Date < today && !governor)
        {
            Flag(visit, $"Received on {Labels.Day(today)}, after the day of the session (sent from a tablet that was offline).");
        }
        db.Visits.Add(visit);
        try
        {
            await db.SaveChangesAsync(ct);
            return new CreateResult(CreateStatus.Created, visit);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same client id was stored by a concurrent request: answer as a replay of that one.
            db.ChangeTracker.Clear();
            stored = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.ClientId == clientId, ct);
            if (stored is null)
            {
                throw;
            }
            return Replay(stored, establishment, hash);
        }
    }

    /// <summary>Replaces the visit's details (and session, within the establishment) as corrected by a person.</summary>
    public async Task<string?> CorrectAsync(Visit visit, Establishment establishment, int sessionId, VisitValues values, Guid version, CaptureUser user)
    {
        if (sessionId != visit.SessionId)
        {
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.EstablishmentId == establishment.Id);
            if (session is null || !CanChange(user, session.Date) || session.Date > clock.LondonToday())
            {
                return "Choose one of this establishment's sessions that you can log visits in";
            }
            visit.PlaceIn(session);
        }
        values.ApplyTo(visit);
        await SaveAsync(visit, version);
        return null;
    }

    /// <summary>Records an outcome, stamping the arrival (Attended) or end (Terminated) time when not yet known.</summary>
    public Task SetOutcomeAsync(Visit visit, VisitOutcome outcome, TimeOnly? at, Guid version)
    {
        visit.Outcome = outcome;
        // A time is stamped when the button is tapped on the day; on a later day only a time given explicitly is used.
        var time = at ?? (visit.Date == clock.LondonToday() ? clock.LondonTimeOfDay() : null);
        if (outcome == VisitOutcome.Attended)
        {
            visit.ArrivedAt ??= time;
        }
        else if (outcome == VisitOutcome.Terminated)
        {
            visit.EndedAt ??= time;
        }
        return SaveAsync(visit, version);
    }

    /// <summary>The visit ended normally: stamps the end time (<paramref name="at"/>, the time tapped on a tablet offline, or now).</summary>
    public Task EndAsync(Visit visit, TimeOnly? at, Guid version)
    {
        visit.EndedAt = at ?? clock.LondonTimeOfDay();
        if (visit.Outcome is null)
        {
            visit.Outcome = VisitOutcome.Attended;
        }
        return SaveAsync(visit, version);
    }

    /// <summary>Removes a visit logged in error. Kept, marked removed, so the audit trail and the client id stay.</summary>
    public Task RemoveAsync(Visit visit, Guid version)
    {
        visit.Removed = true;
        visit.RemovedAt = clock.GetUtcNow().UtcDateTime;
        return SaveAsync(visit, version);
    }

    /// <summary>
    /// Unusual entries, as warnings: the same prisoner twice in a session, more visits or visitors than it allows, an
    /// arrival outside the session's times.
    /// </summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(Visit visit, CancellationToken ct = default)
    {
        var warnings = new List<string>();
        if (visit.Removed)
        {
            return warnings;
        }
        var session = await db.Sessions.AsNoTracking().Where(s => s.Id == visit.SessionId)
            .Select(s => new
            {
                s.CapacityVisits,
                s.CapacityVisitors,
                s.Start,
                s.End,
                Twice = s.Visits.Count(v => !v.Removed && v.Prisoner == visit.Prisoner && v.Id != visit.Id),
                InHall = s.Visits.AsQueryable().Count(InTheHall),
                Visitors = s.Visits.AsQueryable().Where(InTheHall).Sum(v => v.Adults + v.Children0To4 + v.Children5To11 + v.Children12To17),
            })
            .SingleAsync(ct);
        if (session.Twice > 0)
        {
            warnings.Add($"{visit.Prisoner} already has a visit logged in this session. Check it is not logged twice.");
        }
        if (VisitRules.ArrivalOutsideSession(visit.ArrivedAt, session.Start, session.End) is { } outside)
        {
            warnings.Add(outside);
        }
        if (session.InHall > session.CapacityVisits)
        {
            warnings.Add($"This session now has {session.InHall} visits, more than its {session.CapacityVisits} tables.");
        }
        if (session.Visitors > session.CapacityVisitors)
        {
            warnings.Add($"This session now has {session.Visitors} visitors, more than the {session.CapacityVisitors} it allows.");
        }
        return warnings;
    }

    /// <summary>Stamps the arrival or end time of a new visit logged with that outcome but no time (a form without JavaScript).</summary>
    private VisitValues Stamp(VisitValues v)
    {
        var time = clock.LondonTimeOfDay();
        return v.Outcome switch
        {
            VisitOutcome.Attended when v.ArrivedAt is null => v with { ArrivedAt = time },
            VisitOutcome.Terminated when v.EndedAt is null => v with { EndedAt = time },
            _ => v,
        };
    }

    private static void Flag(Visit visit, string reason)
    {
        visit.NeedsReview = true;
        visit.ReviewReason = reason.Length > 500 ? reason[..500] : reason;
    }

    /// <summary>Saves a change made from a form or request that saw <paramref name="version"/>; throws DbUpdateConcurrencyException if it is stale.</summary>
    private async Task SaveAsync(Visit visit, Guid version)
    {
        db.Entry(visit).Property(v => v.Version).OriginalValue = version;
        visit.Version = Guid.NewGuid();
        visit.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
    }

    private static CreateResult Replay(Visit stored, Establishment establishment, string hash) =>
        stored.EstablishmentId == establishment.Id && stored.PayloadHash == hash
            ? new CreateResult(CreateStatus.Replayed, stored)
            : new CreateResult(CreateStatus.Conflict, null);

    private static string? Truncate(string? s) => s is { Length: > 256 } ? s[..256] : s;
}
