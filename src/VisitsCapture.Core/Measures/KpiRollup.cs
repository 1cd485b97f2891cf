using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Measures;

/// <summary>
/// KPI values of one establishment-month, or of a roll-up of several (a financial quarter, a family group, a region,
/// the nation) as ratios of sums (DESIGN.md), never averages of ratios.
/// <para>
/// A part with no population (a month without a snapshot) cannot contribute to a ratio over the population: its
/// visits would be counted over nobody's population and inflate the figure. So the four population ratios sum only
/// the parts that have a population, numerator and denominator alike; every other KPI sums all parts. Medians cannot
/// be added: a roll-up's median distance is "not available" (<see cref="IsRollup"/>).
/// </para>
/// </summary>
public sealed class KpiRollup
{
    private KpiRollup(KpiCounts all, KpiCounts withPopulation, IReadOnlyList<KpiCounts> parts, bool isRollup, double? population)
    {
        All = all;
        WithPopulation = withPopulation;
        Parts = parts;
        IsRollup = isRollup;
        Population = population;
    }

    /// <summary>
    /// The population reported (DESIGN.md Derived measures): over several months an establishment's average monthly
    /// population, ΣP / (months with a population); for several establishments the sum of their averages. Never a
    /// sum of prisoner-months; the ratios over the population keep using <see cref="WithPopulation"/>.
    /// </summary>
    public double? Population { get; }

    /// <summary>Every count summed over every part.</summary>
    public KpiCounts All { get; }

    /// <summary>The counts summed over the parts with a population only (used for the population ratios).</summary>
    public KpiCounts WithPopulation { get; }

    /// <summary>The establishment-months summed (a roll-up of roll-ups sums these, never the roll-ups' ratios).</summary>
    public IReadOnlyList<KpiCounts> Parts { get; }

    public int PartsWithPopulation => Parts.Count(p => p.Population is not null);

    /// <summary>True for a sum of parts (its median distance is not available), false for one establishment-month.</summary>
    public bool IsRollup { get; }

    /// <summary>One establishment-month, exactly as counted.</summary>
    public static KpiRollup Single(KpiCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(counts, counts, [counts], isRollup: false, counts.Population);
    }

    /// <summary>
    /// The ratio-of-sums roll-up of one establishment's months (a quarter). Several establishments are a
    /// <see cref="Sum(IEnumerable{KpiRollup})"/> of their own roll-ups, so that their populations add up.
    /// </summary>
    public static KpiRollup Sum(IEnumerable<KpiCounts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        var withPopulation = list.Where(p => p.Population is not null).ToList();
        double? average = withPopulation.Count == 0 ? null : withPopulation.Sum(p => p.Population!.Value) / withPopulation.Count;
        return new(KpiFormulas.Sum(list), KpiFormulas.Sum(withPopulation), list, isRollup: true, average);
    }

    /// <summary>One part as it is (keeping its median), several as their ratio-of-sums roll-up.</summary>
    public static KpiRollup Of(IReadOnlyCollection<KpiCounts> parts) => parts.Count == 1 ? Single(parts.First()) : Sum(parts);

    /// <summary>
    /// The roll-up of roll-ups (a region of establishment-quarters): ratios over the sum of all their
    /// establishment-months, population the sum of theirs.
    /// </summary>
    public static KpiRollup Sum(IEnumerable<KpiRollup> rollups)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        var list = rollups.ToList();
        var parts = list.SelectMany(r => r.Parts).ToList();
        var withPopulation = list.Where(r => r.Population is not null).ToList();
        double? population = withPopulation.Count == 0 ? null : withPopulation.Sum(r => r.Population!.Value);
        return new(KpiFormulas.Sum(parts), KpiFormulas.Sum(parts.Where(p => p.Population is not null)), parts, isRollup: true, population);
    }

    /// <summary>The KPIs whose denominator is the population P.</summary>
    public static bool UsesPopulation(Kpi kpi) =>
        kpi is Kpi.CapacityRatio or Kpi.VisitsPer100Prisoners or Kpi.ChildVisitorsPer100Prisoners or Kpi.PrisonerReachPct;

    /// <summary>The KPI's value (unrounded), or null for "no data" (and for a roll-up's median distance).</summary>
    public double? Value(Kpi kpi) => KpiFormulas.Value(kpi, UsesPopulation(kpi) ? WithPopulation : All);

    /// <summary>The KPI's value rounded half away from zero to its published precision (<see cref="KpiFormulas.Decimals"/>).</summary>
    public double? Rounded(Kpi kpi) => KpiFormulas.Published(kpi, Value(kpi));

    /// <summary>Prisoners whose home is unknown in the prisoner-level snapshot(s); null without one.</summary>
    public int? UnknownHomes => All.HasPrisonerLevelSnapshot ? All.UnknownHomes : null;

    /// <summary>Prisoners who could be held nearer to home (DESIGN.md "Nearer to home"); null without a prisoner-level snapshot.</summary>
    public int? NearerToHome => All.HasPrisonerLevelSnapshot ? All.NearerToHome : null;

    /// <summary>The share of prisoners with an unknown home, as a percentage; null without a prisoner-level snapshot.</summary>
    public double? UnknownHomesPct =>
        All.HasPrisonerLevelSnapshot ? KpiFormulas.Ratio(100.0 * All.UnknownHomes, All.UnknownHomes + All.KnownHomes) : null;
}
