namespace VisitsCapture.Core.Measures;

/// <summary>A prisoner-level population snapshot as family contact needs it: its date and the prisoners in it.</summary>
public sealed record SnapshotPrisoners(DateOnly Date, IReadOnlySet<string> Prisoners);

/// <summary>Arrivals and leavers of a month and how many of each had a visit; all null ("no data") without both snapshots.</summary>
public sealed record FamilyContactCounts(int? Arrivals, int? ArrivalsVisited, int? Leavers, int? LeaversVisited)
{
    public static FamilyContactCounts NoData { get; } = new(null, null, null, null);

    /// <summary>Arrivals visited %: "no data" with no arrivals.</summary>
    public double? ArrivalsVisitedPct => Arrivals is { } a ? KpiFormulas.Ratio(100.0 * ArrivalsVisited!.Value, a) : null;

    /// <summary>Leavers visited %: "no data" with no leavers.</summary>
    public double? LeaversVisitedPct => Leavers is { } l ? KpiFormulas.Ratio(100.0 * LeaversVisited!.Value, l) : null;
}

/// <summary>
/// Family contact on arrival and before leaving (DESIGN.md, Farmer Review 2017 recommendation 5), from the latest
/// prisoner-level snapshots S(M) and S(M−1) and the establishment's attended visits in family-ties sessions.
/// </summary>
public static class FamilyContact
{
    /// <summary>A leaver counts as visited with a visit in the 90 days up to and including S(M)'s snapshot date.</summary>
    public const int LeaverDays = 90;

    /// <summary>
    /// The visits window that matters for month <paramref name="month"/>: from the day after the earlier of S(M−1)'s
    /// date and S(M)'s date − 90 days, to the later of the month's last day and S(M)'s date. A query loads only these.
    /// </summary>
    public static (DateOnly After, DateOnly Through) VisitsWindow(SnapshotPrisoners previous, SnapshotPrisoners current, DateOnly lastDayOfMonth)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var after = previous.Date < current.Date.AddDays(-LeaverDays) ? previous.Date : current.Date.AddDays(-LeaverDays);
        var through = current.Date > lastDayOfMonth ? current.Date : lastDayOfMonth;
        return (after, through);
    }

    /// <summary>Arrivals: prisoners in S(M) and not in S(M−1). (Leavers are the arrivals of the reverse: in S(M−1), not in S(M).)</summary>
    public static IReadOnlySet<string> Arrivals(SnapshotPrisoners previous, SnapshotPrisoners current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        return current.Prisoners.Where(p => !previous.Prisoners.Contains(p)).ToHashSet(StringComparer.Ordinal);
    }

    /// <param name="previous">S(M−1), or null when M−1 has no prisoner-level snapshot.</param>
    /// <param name="current">S(M), or null when M has none.</param>
    /// <param name="lastDayOfMonth">The last day of M.</param>
    /// <param name="visits">Attended visits in family-ties sessions at this establishment (prisoner, date); any range
    /// covering <see cref="VisitsWindow"/>.</param>
    public static FamilyContactCounts Count(
        SnapshotPrisoners? previous,
        SnapshotPrisoners? current,
        DateOnly lastDayOfMonth,
        IEnumerable<(string Prisoner, DateOnly Date)> visits)
    {
        ArgumentNullException.ThrowIfNull(visits);
        if (previous is null || current is null)
        {
            return FamilyContactCounts.NoData;
        }

        var arrivals = Arrivals(previous, current);
        var leavers = Arrivals(current, previous);
        var leaverFrom = current.Date.AddDays(-LeaverDays);
        var arrivalsVisited = new HashSet<string>(StringComparer.Ordinal);
        var leaversVisited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (prisoner, date) in visits)
        {
            if (arrivals.Contains(prisoner) && date > previous.Date && date <= lastDayOfMonth)
            {
                arrivalsVisited.Add(prisoner);
            }
            if (leavers.Contains(prisoner) && date > leaverFrom && date <= current.Date)
            {
                leaversVisited.Add(prisoner);
            }
        }
        return new FamilyContactCounts(arrivals.Count, arrivalsVisited.Count, leavers.Count, leaversVisited.Count);
    }
}
