using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Population;

namespace VisitsCapture.Core.Kpis;

/// <summary>
/// The sums and counts behind every establishment's KPIs for a month, straight from sessions, visits and population
/// snapshots, with one grouped query per table for all establishments (DESIGN.md "Derived measures", "Precisely").
/// KpiFormulas turns them into the KPI values.
/// </summary>
public sealed class KpiCountsQuery(
    VisitsDbContext db, PopulationMeasures population, HomeDistances homes, FamilyContactQuery familyContact, NearerToHomeQuery nearerToHome)
{
    /// <summary>Counts for every establishment that has any data in the month (others are absent).</summary>
    public async Task<IReadOnlyDictionary<int, KpiCounts>> ForMonthAsync(YearMonth month, CancellationToken ct = default) =>
        // Every establishment by id: "EstablishmentId IN (...) AND Month = m" seeks the month's rows in the
        // per-establishment indexes; "Month = m" alone scanned every visit of every month (2 s at national volumes).
        await CountAsync(month, await db.Establishments.AsNoTracking().Select(e => e.Id).ToListAsync(ct), ct);

    /// <summary>Counts for some establishments only (those with any data in the month), through the per-establishment indexes.</summary>
    public Task<IReadOnlyDictionary<int, KpiCounts>> ForEstablishmentsAsync(YearMonth month, IReadOnlyCollection<int> establishmentIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(establishmentIds);
        return CountAsync(month, establishmentIds, ct);
    }

    private async Task<IReadOnlyDictionary<int, KpiCounts>> CountAsync(YearMonth month, IReadOnlyCollection<int> only, CancellationToken ct)
    {
        var key = month.Key;
        // Filtered in the query itself (not "@all OR ..."), so that the per-establishment indexes are used.
        var sessionRows = db.Sessions.Where(s => only.Contains(s.EstablishmentId));
        var visitRows = db.Visits.Where(v => only.Contains(v.EstablishmentId));
        var counts = new Dictionary<int, KpiCounts>();
        KpiCounts For(int establishmentId) => counts.TryGetValue(establishmentId, out var c) ? c : counts[establishmentId] = new KpiCounts();

        // Official (legal) sessions are excluded from every family-ties KPI.
        var sessions = await sessionRows.AsNoTracking()
            .Where(s => s.Month == key && s.Type != SessionType.Official)
            .GroupBy(s => s.EstablishmentId)
            .Select(g => new
            {
                EstablishmentId = g.Key,
                Places = g.Sum(s => s.Status == SessionStatus.Planned ? s.CapacityVisits : 0),
                Lost = g.Count(s => s.Status == SessionStatus.CancelledByEstablishment),
            })
            .ToListAsync(ct);
        foreach (var s in sessions)
        {
            var c = For(s.EstablishmentId);
            c.PlacesAvailable = s.Places;
            c.SessionsLost = s.Lost;
        }

        var familyTiesVisits =
            from v in visitRows.AsNoTracking()
            join s in db.Sessions on v.SessionId equals s.Id
            where v.Month == key && !v.Removed && s.Type != SessionType.Official
            select new { v.EstablishmentId, v.Prisoner, v.Outcome, v.Adults, Children = v.Children0To4 + v.Children5To11 + v.Children12To17, s.Type };
        var visits = await familyTiesVisits
            .GroupBy(v => v.EstablishmentId)
            .Select(g => new
            {
                EstablishmentId = g.Key,
                Attended = g.Count(v => v.Outcome == VisitOutcome.Attended),
                Adults = g.Sum(v => v.Outcome == VisitOutcome.Attended ? v.Adults : 0),
                Children = g.Sum(v => v.Outcome == VisitOutcome.Attended ? v.Children : 0),
                Enhanced = g.Count(v => v.Outcome == VisitOutcome.Attended && v.Type == SessionType.EnhancedFamily),
                NoShows = g.Count(v => v.Outcome == VisitOutcome.NoShow),
                // COUNT(DISTINCT CASE ...) in the same pass over the month's visits.
                Prisoners = g.Where(v => v.Outcome == VisitOutcome.Attended).Select(v => v.Prisoner).Distinct().Count(),
            })
            .ToListAsync(ct);
        foreach (var v in visits)
        {
            var c = For(v.EstablishmentId);
            c.VisitsAttended = v.Attended;
            c.Visitors = v.Adults + v.Children;
            c.ChildVisitors = v.Children;
            c.EnhancedFamilyVisits = v.Enhanced;
            c.NoShows = v.NoShows;
            c.PrisonersVisited = v.Prisoners;
        }

        // The snapshots that count in M, and in M−1 for family contact: found once, by the one rule.
        var snapshots = await population.MonthsAsync(only, month.Previous, month, ct);
        await AddPopulationAsync(month, snapshots.Where(m => m.Month == month).ToList(), For, ct);
        await AddFamilyContactAsync(month, snapshots, For, ct);
        return counts;
    }

    /// <summary>
    /// P, distances, PLI and unknown homes as the population feature counts them (PopulationMeasures.MonthsAsync:
    /// P is the average of the month's snapshots; the rest comes from its latest prisoner-level snapshot).
    /// </summary>
    private async Task AddPopulationAsync(YearMonth month, IReadOnlyList<MonthSnapshots> months, Func<int, KpiCounts> For, CancellationToken ct)
    {
        // The prisoners' distances worked out once for the PLI and nearer to home.
        var distances = await homes.ForSnapshotsAsync(months.Select(m => m.PrisonerLevelSnapshotId).OfType<int>().Distinct().ToList(), ct);
        var localities = population.Locality(distances);
        foreach (var m in months)
        {
            var c = For(m.EstablishmentId);
            c.Population = m.Population;
            if (m.PrisonerLevelSnapshotId is { } id)
            {
                var locality = localities[id];
                c.HasPrisonerLevelSnapshot = true;
                c.KnownHomes = locality.KnownHomes;
                c.UnknownHomes = locality.UnknownHomes;
                c.HomesWithinRadius = locality.WithinRadius;
                c.SumDistanceMiles = locality.SumMiles;
                c.MedianDistanceMiles = locality.MedianMiles;
            }
        }
        var nearer = await nearerToHome.CountsAsync(month, distances, ct);
        foreach (var m in months.Where(m => m.PrisonerLevelSnapshotId is not null))
        {
            For(m.EstablishmentId).NearerToHome = nearer[m.PrisonerLevelSnapshotId!.Value];
        }
    }

    /// <summary>Arrivals and leavers (DESIGN.md "Family contact on arrival and before leaving"), where M and M−1 have prisoner-level snapshots.</summary>
    private async Task AddFamilyContactAsync(YearMonth month, IReadOnlyList<MonthSnapshots> snapshots, Func<int, KpiCounts> For, CancellationToken ct)
    {
        foreach (var (establishmentId, f) in await familyContact.ForMonthAsync(month, snapshots, ct))
        {
            var c = For(establishmentId);
            c.HasFamilyContact = true;
            (c.Arrivals, c.ArrivalsVisited, c.Leavers, c.LeaversVisited) = (f.Arrivals!.Value, f.ArrivalsVisited!.Value, f.Leavers!.Value, f.LeaversVisited!.Value);
        }
    }
}
