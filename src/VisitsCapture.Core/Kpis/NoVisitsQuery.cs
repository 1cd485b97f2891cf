using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Kpis;

/// <summary>The prisoners of the latest prisoner-level snapshot with no attended visit in the window.</summary>
public sealed record NoVisitsList(DateOnly Today, DateOnly From, DateOnly? SnapshotDate, int SnapshotPrisoners, IReadOnlyList<string> Prisoners);

/// <summary>
/// "Prisoners with no attended visit in the last 90 days", for family-support follow-up: the prisoners of the
/// establishment's latest prisoner-level snapshot (on or before today) minus those with an attended visit in a
/// family-ties session (any type but Official: a legal visit is not family contact) from today − 89 days to today,
/// 90 days in all. Prisoner numbers only.
/// </summary>
public sealed class NoVisitsQuery(VisitsDbContext db, ReportingCalendar calendar)
{
    public const int Days = 90;

    public async Task<NoVisitsList> ForAsync(int establishmentId, CancellationToken ct = default)
    {
        var today = calendar.Today;
        var from = today.AddDays(-(Days - 1));
        var snapshot = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Kind == PopulationSnapshotKind.PrisonerLevel && s.SnapshotDate <= today)
            .OrderByDescending(s => s.SnapshotDate)
            .Select(s => new { s.Id, s.SnapshotDate, s.Population })
            .FirstOrDefaultAsync(ct);
        if (snapshot is null)
        {
            return new NoVisitsList(today, from, null, 0, []);
        }
        // A visit's month is its date's, so the month range selects no other visits: it lets the (establishment, month)
        // index find the window's visits instead of reading every visit the establishment ever had.
        var (fromMonth, toMonth) = (YearMonth.Of(from).Key, YearMonth.Of(today).Key);
        var visited = db.Visits
            .Where(v => v.EstablishmentId == establishmentId && v.Month >= fromMonth && v.Month <= toMonth && !v.Removed
                && v.Outcome == VisitOutcome.Attended && v.Date >= from && v.Date <= today && v.Session!.Type != SessionType.Official)
            .Select(v => v.Prisoner);
        var prisoners = await db.PopulationRecords.AsNoTracking()
            .Where(r => r.SnapshotId == snapshot.Id && !visited.Contains(r.Prisoner))
            .OrderBy(r => r.Prisoner)
            .Select(r => r.Prisoner)
            .ToListAsync(ct);
        var all = await db.PopulationRecords.CountAsync(r => r.SnapshotId == snapshot.Id, ct);
        return new NoVisitsList(today, from, snapshot.SnapshotDate, all, prisoners);
    }
}
