using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Sessions;

/// <summary>
/// Makes the sessions of a date range from the weekly templates in force on each date. Idempotent: a session that
/// already exists (same establishment, date and start, whatever its status) is left alone, so running it twice, or
/// from the page and the daily job at once, adds each session once. It only ever adds: it never rewrites a session.
/// </summary>
public sealed class SessionGenerator(VisitsDbContext db)
{
    /// <summary>The longest range generated in one go: a little over a year.</summary>
    public const int MaxDays = 400;

    /// <summary>Adds the missing sessions from <paramref name="from"/> to <paramref name="to"/> (inclusive) and returns how many.</summary>
    /// <param name="establishmentId">One establishment, or null for all (the daily job).</param>
    public Task<int> GenerateAsync(int? establishmentId, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        GenerateAsync(establishmentId, from, to, null, ct);

    /// <param name="skip">Templates not to apply on some dates (a timetable change keeps a session that already has visits there).</param>
    internal async Task<int> GenerateAsync(int? establishmentId, DateOnly from, DateOnly to, IReadOnlySet<(int TemplateId, DateOnly Date)>? skip, CancellationToken ct)
    {
        if (to < from)
        {
            return 0;
        }
        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"Generate at most {MaxDays} days at a time.");
        }
        try
        {
            return await AddMissingAsync(establishmentId, from, to, skip, ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another run added some of the same sessions meanwhile: start again from what is now stored.
            db.ChangeTracker.Clear();
            return await AddMissingAsync(establishmentId, from, to, skip, ct);
        }
    }

    private async Task<int> AddMissingAsync(int? establishmentId, DateOnly from, DateOnly to, IReadOnlySet<(int, DateOnly)>? skip, CancellationToken ct)
    {
        var templates = await db.SessionTemplates.AsNoTracking()
            .Where(t => (establishmentId == null || t.EstablishmentId == establishmentId) && t.ValidFrom <= to && (t.ValidTo == null || t.ValidTo >= from))
            .OrderBy(t => t.EstablishmentId).ThenBy(t => t.Start).ThenBy(t => t.Id)
            .ToListAsync(ct);
        if (templates.Count == 0)
        {
            return 0;
        }
        var ids = templates.Select(t => t.EstablishmentId).Distinct().ToList();
        var establishments = await db.Establishments.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var existing = (await db.Sessions.AsNoTracking()
                .Where(s => ids.Contains(s.EstablishmentId) && s.Date >= from && s.Date <= to)
                .Select(s => new { s.EstablishmentId, s.Date, s.Start })
                .ToListAsync(ct))
            .Select(s => (s.EstablishmentId, s.Date, s.Start))
            .ToHashSet();

        var added = 0;
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            foreach (var t in templates.Where(t => t.AppliesOn(date) && establishments[t.EstablishmentId].IsOpenOn(date)))
            {
                if (skip?.Contains((t.Id, date)) == true || !existing.Add((t.EstablishmentId, date, t.Start)))
                {
                    continue;
                }
                var session = new Session
                {
                    EstablishmentId = t.EstablishmentId,
                    Start = t.Start,
                    End = t.End,
                    Type = t.Type,
                    CapacityVisits = t.CapacityVisits,
                    CapacityVisitors = t.CapacityVisitors,
                    Status = SessionStatus.Planned,
                    TemplateId = t.Id,
                };
                session.SetDate(date);
                db.Sessions.Add(session);
                added++;
            }
        }
        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return added;
    }
}
