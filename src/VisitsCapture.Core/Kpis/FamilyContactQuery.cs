using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Population;

namespace VisitsCapture.Core.Kpis;

/// <summary>The arrivals of the latest prisoner-level snapshot with no attended visit since the snapshot before it.</summary>
/// <param name="SnapshotDate">S(M): the establishment's latest prisoner-level snapshot on or before today; null without one.</param>
/// <param name="PreviousDate">S(M−1): the latest prisoner-level snapshot in the month before; null without one.</param>
public sealed record ArrivalsNotVisitedList(DateOnly Today, DateOnly? SnapshotDate, DateOnly? PreviousDate, int Arrivals, IReadOnlyList<string> Prisoners);

/// <summary>
/// Family contact on arrival and before leaving (DESIGN.md) from the database: S(M), S(M−1) and the attended visits in
/// family-ties sessions that <see cref="FamilyContact.Count"/> needs, for all establishments of a month in a few queries.
/// </summary>
public sealed class FamilyContactQuery(VisitsDbContext db, HomeDistances homes, ReportingCalendar calendar)
{
    private sealed record Snapshot(int Id, int EstablishmentId, int Month, DateOnly SnapshotDate);

    /// <summary>
    /// The counts of the establishments that have a prisoner-level snapshot in M and in M−1, from the snapshots that count
    /// in those months (<see cref="PopulationMeasures.MonthsAsync"/>, the one place of "the latest prisoner-level snapshot").
    /// </summary>
    public async Task<IReadOnlyDictionary<int, FamilyContactCounts>> ForMonthAsync(YearMonth month, IReadOnlyCollection<MonthSnapshots> snapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var latest = snapshots.Where(s => s.PrisonerLevelSnapshotId is not null).ToDictionary(
            s => (s.EstablishmentId, s.Month.Key),
            s => new Snapshot(s.PrisonerLevelSnapshotId!.Value, s.EstablishmentId, s.Month.Key, s.PrisonerLevelDate!.Value));
        var pairs = latest.Values.Where(s => s.Month == month.Key)
            .Select(s => (Previous: latest.GetValueOrDefault((s.EstablishmentId, month.Previous.Key)), Current: s))
            .Where(p => p.Previous is not null)
            .Select(p => (Previous: p.Previous!, p.Current))
            .ToList();
        if (pairs.Count == 0)
        {
            return new Dictionary<int, FamilyContactCounts>();
        }

        var prisoners = await PrisonersAsync(pairs.SelectMany(p => new[] { p.Previous.Id, p.Current.Id }).ToList(), ct);
        var lastDay = month.LastDay;
        var contact = pairs.Select(p => (p.Current.EstablishmentId,
            Previous: new SnapshotPrisoners(p.Previous.SnapshotDate, prisoners[p.Previous.Id]),
            Current: new SnapshotPrisoners(p.Current.SnapshotDate, prisoners[p.Current.Id]))).ToList();

        // Only arrivals' and leavers' visits matter: a prisoner in both snapshots is neither.
        var movers = contact.SelectMany(c => FamilyContact.Arrivals(c.Previous, c.Current).Concat(FamilyContact.Arrivals(c.Current, c.Previous)))
            .Distinct(StringComparer.Ordinal).ToList();
        var windows = contact.Select(c => FamilyContact.VisitsWindow(c.Previous, c.Current, lastDay)).ToList();
        var visits = await AttendedAsync(contact.Select(c => c.EstablishmentId).ToList(), movers,
            windows.Min(w => w.After), windows.Max(w => w.Through), ct);

        return contact.ToDictionary(c => c.EstablishmentId, c => FamilyContact.Count(c.Previous, c.Current, lastDay,
            visits[c.EstablishmentId].Select(v => (v.Prisoner, v.Date))));
    }

    /// <summary>
    /// For the governor's follow-up: arrivals of the latest prisoner-level snapshot (on or before today) with no attended
    /// visit in a family-ties session after S(M−1)'s date up to today. Prisoner numbers only.
    /// </summary>
    public async Task<ArrivalsNotVisitedList> NotVisitedAsync(int establishmentId, CancellationToken ct = default)
    {
        var today = calendar.Today;
        var current = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Kind == PopulationSnapshotKind.PrisonerLevel && s.SnapshotDate <= today)
            .OrderByDescending(s => s.SnapshotDate)
            .Select(s => new Snapshot(s.Id, s.EstablishmentId, s.Month, s.SnapshotDate))
            .FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return new ArrivalsNotVisitedList(today, null, null, 0, []);
        }
        var previousMonth = YearMonth.FromKey(current.Month).Previous.Key;
        var previous = await db.PopulationSnapshots.AsNoTracking()
            .Where(s => s.EstablishmentId == establishmentId && s.Kind == PopulationSnapshotKind.PrisonerLevel && s.Month == previousMonth)
            .OrderByDescending(s => s.SnapshotDate)
            .Select(s => new Snapshot(s.Id, s.EstablishmentId, s.Month, s.SnapshotDate))
            .FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            return new ArrivalsNotVisitedList(today, current.SnapshotDate, null, 0, []);
        }
        var prisoners = await PrisonersAsync([previous.Id, current.Id], ct);
        var arrivals = FamilyContact.Arrivals(
            new SnapshotPrisoners(previous.SnapshotDate, prisoners[previous.Id]), new SnapshotPrisoners(current.SnapshotDate, prisoners[current.Id]));
        var visited = (await AttendedAsync([establishmentId], arrivals.ToList(), previous.SnapshotDate, today, ct))[establishmentId]
            .Select(v => v.Prisoner).ToHashSet(StringComparer.Ordinal);
        var notVisited = arrivals.Where(p => !visited.Contains(p)).Order(StringComparer.Ordinal).ToList();
        return new ArrivalsNotVisitedList(today, current.SnapshotDate, previous.SnapshotDate, arrivals.Count, notVisited);
    }

    /// <summary>The prisoners of each snapshot (none when it has no records left).</summary>
    private async Task<Dictionary<int, IReadOnlySet<string>>> PrisonersAsync(IReadOnlyCollection<int> snapshotIds, CancellationToken ct)
    {
        var prisoners = await homes.PrisonersAsync(snapshotIds.Distinct().ToList(), ct);
        return snapshotIds.Distinct().ToDictionary(id => id,
            id => (IReadOnlySet<string>)(prisoners.TryGetValue(id, out var numbers) ? numbers : []).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Attended visits in family-ties sessions (every type but Official) of these prisoners, dated after <paramref name="after"/> up to <paramref name="through"/>.</summary>
    private async Task<ILookup<int, (string Prisoner, DateOnly Date)>> AttendedAsync(
        IReadOnlyCollection<int> establishmentIds, List<string> prisoners, DateOnly after, DateOnly through, CancellationToken ct)
    {
        if (prisoners.Count == 0)
        {
            return Array.Empty<(int, string, DateOnly)>().ToLookup(v => v.Item1, v => (v.Item2, v.Item3));
        }
        // One collection parameter (a JSON array), however many prisoners move in a month. Sought prisoner by prisoner and
        // date through the covering (prisoner, date, ...) index; the establishments are picked out here, not in SQL, where
        // SQLite would seek every establishment for every prisoner (2.5 million probes for a national month).
        var movers = prisoners.ToArray();
        var rows = await db.Visits.AsNoTracking()
            .Where(v => EF.Parameter(movers).Contains(v.Prisoner) && v.Date > after && v.Date <= through
                && v.Outcome == VisitOutcome.Attended && !v.Removed && v.Session!.Type != SessionType.Official)
            .Select(v => new { v.EstablishmentId, v.Prisoner, v.Date })
            .ToListAsync(ct);
        var wanted = establishmentIds.ToHashSet();
        return rows.Where(v => wanted.Contains(v.EstablishmentId)).ToLookup(v => v.EstablishmentId, v => (v.Prisoner, v.Date));
    }
}
