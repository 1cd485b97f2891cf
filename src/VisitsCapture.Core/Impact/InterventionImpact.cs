using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Impact;

/// <summary>The kinds of family-ties intervention of DESIGN.md "What works".</summary>
public enum InterventionKind
{
    ChildFriendlyArea,
    FamilyInformationDisplay,
    VisitorsBooklet,
    EnhancedFamilyVisits,
    VisitsTeam,
    FamilySupportCoordinator,
    Other,
}

/// <summary>
/// The months around an intervention starting in month T: before T−W … T−1, after T+1 … T+W (T itself is left out,
/// being part before and part after). W is 6 by default.
/// </summary>
public sealed record ImpactWindow(YearMonth Start, int Months = ImpactWindow.DefaultMonths)
{
    public const int DefaultMonths = 6;

    public IEnumerable<YearMonth> Before => Enumerable.Range(1, Months).Select(i => Start.AddMonths(-Months - 1 + i));
    public IEnumerable<YearMonth> After => Enumerable.Range(1, Months).Select(Start.AddMonths);

    /// <summary>⌈W/2⌉: fewer counted months before or after than this and the impact is "no data".</summary>
    public int MinimumMonths => (Months + 1) / 2;

    /// <summary>T−W … T+W: an intervention of the same kind starting in these months makes a comparator unusable.</summary>
    public bool Covers(YearMonth month) => month >= Start.AddMonths(-Months) && month <= Start.AddMonths(Months);
}

/// <summary>One establishment's KPI over one side of the window: the months counted and the ratio of sums over them.</summary>
public sealed record ImpactSide(int Months, double? Value);

/// <summary>One intervention's impact on one KPI: a row of the impact CSV before rounding.</summary>
public sealed record Impact(
    Kpi Kpi,
    ImpactSide Before,
    ImpactSide After,
    int Comparators,
    double? ComparatorsBefore,
    double? ComparatorsAfter,
    double? Effect,
    int? PlaceboRank,
    int PlaceboCount);

/// <summary>
/// DESIGN.md "What works: interventions and their impact": a difference in differences against the establishment's
/// family group, with a placebo rank. An association with a comparison, not proof of cause.
/// </summary>
public static class InterventionImpact
{
    /// <summary>The four KPIs an impact is measured on, in the impact CSV's order.</summary>
    public static IReadOnlyList<Kpi> Kpis { get; } =
        [Kpi.CapacityRatio, Kpi.VisitsPer100Prisoners, Kpi.ChildVisitorsPer100Prisoners, Kpi.PrisonerReachPct];

    /// <summary>Placebo effects equal to E's up to floating-point noise count as ties (|effect| ≥ |E's effect|).</summary>
    private const double Tie = 1e-9;

    /// <summary>
    /// The comparators of an intervention of <paramref name="kind"/> at <paramref name="establishment"/>: the members
    /// of its family group in month T (membership as <see cref="FamilyGroupMonths"/> reads it), except itself and any
    /// member with an intervention of the same kind starting in T−W … T+W. None when it has no group in month T.
    /// </summary>
    public static IReadOnlyList<int> Comparators(
        int establishment,
        InterventionKind kind,
        ImpactWindow window,
        IEnumerable<FamilyGroupMembership> memberships,
        IEnumerable<(int Establishment, InterventionKind Kind, YearMonth Start)> interventions)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(interventions);
        var groups = FamilyGroupMonths.GroupsIn(memberships, window.Start);
        if (!groups.TryGetValue(establishment, out var group))
        {
            return [];
        }
        var excluded = interventions
            .Where(i => i.Kind == kind && window.Covers(i.Start))
            .Select(i => i.Establishment)
            .ToHashSet();
        return groups.Where(g => g.Value == group && g.Key != establishment && !excluded.Contains(g.Key))
            .Select(g => g.Key)
            .Order()
            .ToList();
    }

    /// <summary>
    /// The impact on <paramref name="kpi"/> of an intervention at an establishment with monthly counts
    /// <paramref name="establishment"/>, against <paramref name="comparators"/> (each a comparator's monthly counts).
    /// </summary>
    public static Impact Measure(
        Kpi kpi,
        ImpactWindow window,
        IReadOnlyDictionary<YearMonth, KpiCounts> establishment,
        IReadOnlyList<IReadOnlyDictionary<YearMonth, KpiCounts>> comparators)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(comparators);
        if (!Kpis.Contains(kpi))
        {
            throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "Impact is measured on the four population KPIs only.");
        }

        var before = Side(kpi, window.Before, [establishment]);
        var after = Side(kpi, window.After, [establishment]);
        var groupBefore = Side(kpi, window.Before, comparators).Value;
        var groupAfter = Side(kpi, window.After, comparators).Value;
        var effect = Effect(window, before, after, groupBefore, groupAfter);

        var placebos = new List<double>();
        for (var c = 0; c < comparators.Count; c++)
        {
            var others = comparators.Where((_, i) => i != c).ToList();
            var placebo = Effect(
                window,
                Side(kpi, window.Before, [comparators[c]]),
                Side(kpi, window.After, [comparators[c]]),
                Side(kpi, window.Before, others).Value,
                Side(kpi, window.After, others).Value);
            if (placebo is { } p)
            {
                placebos.Add(p);
            }
        }

        int? rank = effect is { } e ? 1 + placebos.Count(p => Math.Abs(p) >= Math.Abs(e) - Tie) : null;
        return new Impact(kpi, before, after, comparators.Count, groupBefore, groupAfter, effect, rank, placebos.Count);
    }

    /// <summary>(E_after − E_before) − (G_after − G_before); "no data" when E has too few counted months on either side.</summary>
    private static double? Effect(ImpactWindow window, ImpactSide before, ImpactSide after, double? groupBefore, double? groupAfter)
    {
        if (before.Months < window.MinimumMonths || after.Months < window.MinimumMonths)
        {
            return null;
        }
        return after.Value - before.Value - (groupAfter - groupBefore);
    }

    /// <summary>
    /// The KPI as a ratio of sums over the counted months of the given establishments pooled: a month counts for an
    /// establishment when the KPI has a value there (its population is known and above 0).
    /// </summary>
    private static ImpactSide Side(Kpi kpi, IEnumerable<YearMonth> months, IEnumerable<IReadOnlyDictionary<YearMonth, KpiCounts>> series)
    {
        var counted = series
            .SelectMany(s => months.Select(m => s.GetValueOrDefault(m)))
            .OfType<KpiCounts>()
            .Where(c => KpiFormulas.Value(kpi, c) is not null)
            .ToList();
        return counted.Count == 0 ? new ImpactSide(0, null) : new ImpactSide(counted.Count, KpiRollup.Sum(counted).Value(kpi));
    }
}
