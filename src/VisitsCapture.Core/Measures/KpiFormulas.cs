using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Measures;

/// <summary>
/// The KPI definitions of DESIGN.md over <see cref="KpiCounts"/>. Everything is computed from counts and sums, so a
/// quarter, region or the nation is a ratio of sums (<see cref="Sum"/>), never an average of ratios.
/// </summary>
public static class KpiFormulas
{
    /// <summary>Every KPI, in the order of DESIGN.md's table and the monthly-return CSV.</summary>
    public static IReadOnlyList<Kpi> All { get; } = Enum.GetValues<Kpi>();

    /// <summary>The KPIs of DESIGN.md's table, which the return CSV lists before the unknown-home count.</summary>
    public static IReadOnlyList<Kpi> Table { get; } = All.Where(k => k <= Kpi.PliPct).ToList();

    /// <summary>Family contact on arrival and before leaving, which the return CSV lists after the unknown-home count.</summary>
    public static IReadOnlyList<Kpi> FamilyContact { get; } = All.Where(k => k > Kpi.PliPct).ToList();

    /// <summary>The KPI's value, or null for "no data": a ratio whose denominator is zero or missing, a distance
    /// measure in a month without a prisoner-level snapshot, or family contact without one in the month and the one before.</summary>
    public static double? Value(Kpi kpi, KpiCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var p = c.Population;
        return kpi switch
        {
            Kpi.PlacesAvailable => c.PlacesAvailable,
            Kpi.CapacityRatio => Ratio(c.PlacesAvailable, p),
            Kpi.VisitsAttended => c.VisitsAttended,
            Kpi.VisitsPer100Prisoners => Ratio(100.0 * c.VisitsAttended, p),
            Kpi.Visitors => c.Visitors,
            Kpi.ChildVisitors => c.ChildVisitors,
            Kpi.ChildVisitorsPer100Prisoners => Ratio(100.0 * c.ChildVisitors, p),
            Kpi.EnhancedFamilyVisits => c.EnhancedFamilyVisits,
            Kpi.UtilisationPct => Ratio(100.0 * c.VisitsAttended, c.PlacesAvailable),
            Kpi.PrisonerReachPct => Ratio(100.0 * c.PrisonersVisited, p),
            Kpi.NoShowPct => Ratio(100.0 * c.NoShows, c.VisitsAttended + c.NoShows),
            Kpi.SessionsLost => c.SessionsLost,
            Kpi.MeanDistanceMiles => c.HasPrisonerLevelSnapshot ? Ratio(c.SumDistanceMiles, c.KnownHomes) : null,
            Kpi.MedianDistanceMiles => c.HasPrisonerLevelSnapshot ? c.MedianDistanceMiles : null,
            Kpi.PliPct => c.HasPrisonerLevelSnapshot ? Ratio(100.0 * c.HomesWithinRadius, c.KnownHomes) : null,
            Kpi.Arrivals => c.HasFamilyContact ? c.Arrivals : null,
            Kpi.ArrivalsVisitedPct => c.HasFamilyContact ? Ratio(100.0 * c.ArrivalsVisited, c.Arrivals) : null,
            Kpi.Leavers => c.HasFamilyContact ? c.Leavers : null,
            Kpi.LeaversVisitedPct => c.HasFamilyContact ? Ratio(100.0 * c.LeaversVisited, c.Leavers) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, null),
        };
    }

    /// <summary>A ratio with a zero or missing denominator is "no data", never 0.</summary>
    public static double? Ratio(double numerator, double? denominator) =>
        denominator is { } d && d != 0 && !double.IsNaN(d) ? numerator / d : null;

    /// <summary>
    /// Whether a higher value is better, for ranking and RAG. DESIGN.md gives places available no direction
    /// ("—", see <see cref="HasDirection"/>); it is ranked as higher-is-better, like the capacity ratio it feeds.
    /// </summary>
    public static bool HigherIsBetter(Kpi kpi) => kpi switch
    {
        Kpi.NoShowPct or Kpi.SessionsLost or Kpi.MeanDistanceMiles or Kpi.MedianDistanceMiles => false,
        _ when Enum.IsDefined(kpi) => true,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, null),
    };

    /// <summary>
    /// False for places available, which DESIGN.md gives no "better" direction ("—"), and for arrivals and leavers: counts
    /// of movement, the denominators of the visited percentages, for which more is neither better nor worse.
    /// </summary>
    public static bool HasDirection(Kpi kpi) => kpi is not (Kpi.PlacesAvailable or Kpi.Arrivals or Kpi.Leavers);

    /// <summary>True for KPIs that are plain counts (small-number suppression applies to them).</summary>
    public static bool IsCount(Kpi kpi) => kpi is Kpi.PlacesAvailable or Kpi.VisitsAttended or Kpi.Visitors
        or Kpi.ChildVisitors or Kpi.EnhancedFamilyVisits or Kpi.SessionsLost or Kpi.Arrivals or Kpi.Leavers;

    /// <summary>Decimal places for display and export: counts 0, miles 1, ratios and percentages 2 (DESIGN.md).</summary>
    public static int Decimals(Kpi kpi) => kpi switch
    {
        _ when IsCount(kpi) => 0,
        Kpi.MeanDistanceMiles or Kpi.MedianDistanceMiles => 1,
        _ => 2,
    };

    /// <summary>A value as published: rounded half away from zero to <see cref="Decimals"/>; null stays null ("no data").</summary>
    public static double? Published(Kpi kpi, double? value) => Rounding.HalfAwayFromZero(value, Decimals(kpi));

    /// <summary>A value as published, as text ("0.88", "12.3", "35"); empty for no data.</summary>
    public static string Format(Kpi kpi, double? value) => Rounding.Format(value, Decimals(kpi));

    public static string Name(Kpi kpi) => kpi switch
    {
        Kpi.PlacesAvailable => "Places available",
        Kpi.CapacityRatio => "Capacity ratio",
        Kpi.VisitsAttended => "Visits attended",
        Kpi.VisitsPer100Prisoners => "Visits per 100 prisoners",
        Kpi.Visitors => "Visitors",
        Kpi.ChildVisitors => "Child visitors",
        Kpi.ChildVisitorsPer100Prisoners => "Child visitors per 100 prisoners",
        Kpi.EnhancedFamilyVisits => "Enhanced family visits",
        Kpi.UtilisationPct => "Utilisation %",
        Kpi.PrisonerReachPct => "Prisoner reach %",
        Kpi.NoShowPct => "No-show %",
        Kpi.SessionsLost => "Sessions lost",
        Kpi.MeanDistanceMiles => "Mean distance from home (miles)",
        Kpi.MedianDistanceMiles => "Median distance from home (miles)",
        Kpi.PliPct => "PLI %",
        Kpi.Arrivals => "Arrivals",
        Kpi.ArrivalsVisitedPct => "Arrivals visited %",
        Kpi.Leavers => "Leavers",
        Kpi.LeaversVisitedPct => "Leavers visited %",
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, null),
    };

    /// <summary>The column name in the monthly-return CSV (DESIGN.md "Interfaces").</summary>
    public static string CsvColumn(Kpi kpi) => kpi switch
    {
        Kpi.PlacesAvailable => "places_available",
        Kpi.CapacityRatio => "capacity_ratio",
        Kpi.VisitsAttended => "visits_attended",
        Kpi.VisitsPer100Prisoners => "visits_per_100_prisoners",
        Kpi.Visitors => "visitors",
        Kpi.ChildVisitors => "child_visitors",
        Kpi.ChildVisitorsPer100Prisoners => "child_visitors_per_100_prisoners",
        Kpi.EnhancedFamilyVisits => "enhanced_family_visits",
        Kpi.UtilisationPct => "utilisation_pct",
        Kpi.PrisonerReachPct => "prisoner_reach_pct",
        Kpi.NoShowPct => "no_show_pct",
        Kpi.SessionsLost => "sessions_lost",
        Kpi.MeanDistanceMiles => "mean_distance_miles",
        Kpi.MedianDistanceMiles => "median_distance_miles",
        Kpi.PliPct => "pli_pct",
        Kpi.Arrivals => "arrivals",
        Kpi.ArrivalsVisitedPct => "arrivals_visited_pct",
        Kpi.Leavers => "leavers",
        Kpi.LeaversVisitedPct => "leavers_visited_pct",
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, null),
    };

    /// <summary>
    /// Rolls months or establishments up so that KPIs of the result are ratios of sums: every count and sum is
    /// added; the population is the sum of the known populations (null if none is known); the median distance is
    /// null because medians cannot be added; there is a prisoner-level snapshot if any part had one.
    /// </summary>
    public static KpiCounts Sum(IEnumerable<KpiCounts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = new KpiCounts();
        foreach (var c in parts)
        {
            if (c.Population is { } p)
            {
                total.Population = (total.Population ?? 0) + p;
            }
            total.PlacesAvailable += c.PlacesAvailable;
            total.VisitsAttended += c.VisitsAttended;
            total.Visitors += c.Visitors;
            total.ChildVisitors += c.ChildVisitors;
            total.EnhancedFamilyVisits += c.EnhancedFamilyVisits;
            total.PrisonersVisited += c.PrisonersVisited;
            total.NoShows += c.NoShows;
            total.SessionsLost += c.SessionsLost;
            total.KnownHomes += c.KnownHomes;
            total.UnknownHomes += c.UnknownHomes;
            total.HomesWithinRadius += c.HomesWithinRadius;
            total.SumDistanceMiles += c.SumDistanceMiles;
            total.HasPrisonerLevelSnapshot |= c.HasPrisonerLevelSnapshot;
            total.NearerToHome += c.NearerToHome;
            total.HasFamilyContact |= c.HasFamilyContact;
            total.Arrivals += c.Arrivals;
            total.ArrivalsVisited += c.ArrivalsVisited;
            total.Leavers += c.Leavers;
            total.LeaversVisited += c.LeaversVisited;
        }
        total.MedianDistanceMiles = null;
        return total;
    }
}
