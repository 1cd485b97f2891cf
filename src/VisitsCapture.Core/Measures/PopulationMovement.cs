namespace VisitsCapture.Core.Measures;

/// <summary>One movement group: its size, how many have a known home, and their mean distance from home.</summary>
public sealed record MovementGroup(int Count, int KnownHomes, double? MeanMiles);

/// <summary>
/// How a population changed between two prisoner-level snapshots, and how much of the PLI change (in percentage
/// points) each group explains. The three contributions sum to <see cref="PliChange"/> (to rounding error).
/// </summary>
public sealed record MovementResult(
    MovementGroup Arrived,
    MovementGroup Left,
    MovementGroup Stayed,
    double? PreviousPli,
    double? CurrentPli,
    double? PliChange,
    double? LeftContribution,
    double? StayedContribution,
    double? ArrivedContribution);

/// <summary>
/// Decomposes the change in the population locality index between two months into prisoners who left, stayed
/// and arrived (DESIGN.md "population movement").
/// </summary>
public static class PopulationMovement
{
    /// <summary>
    /// Sequential replacement: PLI_prev → remove leavers (PLI_a: stayers with their previous distances) →
    /// stayers' own changes (PLI_b: stayers with their current distances) → add arrivals (PLI_curr). Each group's
    /// contribution is the step it causes, so the three telescope to PLI_curr − PLI_prev.
    /// When an intermediate set (PLI_a or PLI_b) has no known homes its PLI is taken as 0 for the step, so that
    /// the sum still holds; when either end month has no known homes there is no PLI change to explain and the
    /// change and every contribution are null.
    /// </summary>
    /// <param name="previous">Prisoner number → distance in miles (null = unknown home) in the earlier snapshot.</param>
    /// <param name="current">The same for the later snapshot.</param>
    /// <param name="radiusMiles">The local radius; a distance equal to it counts as within.</param>
    public static MovementResult Decompose(
        IReadOnlyDictionary<string, double?> previous,
        IReadOnlyDictionary<string, double?> current,
        double radiusMiles)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        LocalityIndex.CheckRadius(radiusMiles);

        var left = previous.Where(p => !current.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var arrived = current.Where(c => !previous.ContainsKey(c.Key)).Select(c => c.Value).ToList();
        var stayedKeys = previous.Keys.Where(current.ContainsKey).ToList();
        var stayedBefore = stayedKeys.Select(k => previous[k]).ToList();
        var stayedNow = stayedKeys.Select(k => current[k]).ToList();

        var pliPrev = LocalityIndex.Compute(previous.Values, radiusMiles).PliPct;
        var pliCurr = LocalityIndex.Compute(current.Values, radiusMiles).PliPct;

        double? change = null, leftC = null, stayedC = null, arrivedC = null;
        if (pliPrev is { } prev && pliCurr is { } curr)
        {
            var a = LocalityIndex.Compute(stayedBefore, radiusMiles).PliPct ?? 0;
            var b = LocalityIndex.Compute(stayedNow, radiusMiles).PliPct ?? 0;
            change = curr - prev;
            leftC = a - prev;
            stayedC = b - a;
            arrivedC = curr - b;
        }

        return new MovementResult(
            Group(arrived), Group(left), Group(stayedNow), pliPrev, pliCurr, change, leftC, stayedC, arrivedC);
    }

    // Leavers are described by their previous distances, arrivals and stayers by their current ones.
    private static MovementGroup Group(List<double?> distances)
    {
        var known = distances.Where(d => d.HasValue).Select(d => d!.Value).ToList();
        return new MovementGroup(distances.Count, known.Count, known.Count == 0 ? null : known.Average());
    }
}
