using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Impact;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>
/// The impact arithmetic of DESIGN.md "What works" on hand-computed fixtures. Window W = 4 around T = July 2025:
/// before March-June, after August-November, July left out; at least ⌈4/2⌉ = 2 counted months each side.
/// </summary>
public class InterventionImpactTests
{
    private static readonly YearMonth T = new(2025, 7);
    private static readonly ImpactWindow Window = new(T, 4);

    /// <summary>Monthly counts: <paramref name="before"/> visits attended in each month before, <paramref name="after"/>
    /// in each after, population <paramref name="population"/> (null: no snapshot that month); July has 999 visits.</summary>
    private static Dictionary<YearMonth, KpiCounts> Series(double? population, int before, int after)
    {
        var months = new Dictionary<YearMonth, KpiCounts>();
        foreach (var m in Window.Before)
        {
            months[m] = new KpiCounts { Population = population, VisitsAttended = before };
        }
        foreach (var m in Window.After)
        {
            months[m] = new KpiCounts { Population = population, VisitsAttended = after };
        }
        months[T] = new KpiCounts { Population = population, VisitsAttended = 999 };
        return months;
    }

    [Fact]
    public void Window_leaves_out_the_start_month()
    {
        Assert.Equal(["2025-03", "2025-04", "2025-05", "2025-06"], Window.Before.Select(m => m.ToString()));
        Assert.Equal(["2025-08", "2025-09", "2025-10", "2025-11"], Window.After.Select(m => m.ToString()));
        Assert.Equal(2, Window.MinimumMonths);
        Assert.Equal(3, new ImpactWindow(T, 6).MinimumMonths);
        Assert.Equal(3, new ImpactWindow(T, 5).MinimumMonths); // ⌈5/2⌉
    }

    [Fact]
    public void Difference_in_differences_with_pooled_comparators_and_placebo_rank()
    {
        // E: P 100, 10 visits a month before (10 per 100), 20 after (20 per 100): +10.
        var e = Series(100, 10, 20);
        // C2: P 50, 5 before (10), 6 after (12): +2.
        var c2 = Series(50, 5, 6);
        // C3: P 200, 20 before (10), 22 after (11): +1; no snapshot in March and April, whose 50 visits don't count.
        var c3 = Series(200, 20, 22);
        c3[new YearMonth(2025, 3)] = new KpiCounts { Population = null, VisitsAttended = 50 };
        c3[new YearMonth(2025, 4)] = new KpiCounts { Population = 0, VisitsAttended = 50 };

        var impact = InterventionImpact.Measure(Kpi.VisitsPer100Prisoners, Window, e, [c2, c3]);

        Assert.Equal(new ImpactSide(4, 10), impact.Before);
        Assert.Equal(new ImpactSide(4, 20), impact.After);
        Assert.Equal(2, impact.Comparators);
        // Pooled before: (100·20 + 100·40) / (200 + 400) = 10; after: (100·24 + 100·88) / (200 + 800) = 11.2.
        Assert.Equal(10, impact.ComparatorsBefore!.Value, 12);
        Assert.Equal(11.2, impact.ComparatorsAfter!.Value, 12);
        Assert.Equal(8.8, impact.Effect!.Value, 12); // (20 − 10) − (11.2 − 10)
        // Placebos: C2 against C3 = 2 − 1 = 1; C3 (2 counted months before: enough) against C2 = 1 − 2 = −1.
        Assert.Equal(2, impact.PlaceboCount);
        Assert.Equal(1, impact.PlaceboRank);
    }

    [Fact]
    public void Capacity_ratio_is_a_ratio_of_sums_over_counted_months()
    {
        var e = new Dictionary<YearMonth, KpiCounts>();
        foreach (var m in Window.Before)
        {
            e[m] = new KpiCounts { Population = 100, PlacesAvailable = 50 };
        }
        foreach (var m in Window.After)
        {
            e[m] = new KpiCounts { Population = 80, PlacesAvailable = 100 };
        }
        e[new YearMonth(2025, 11)] = new KpiCounts { Population = 400, PlacesAvailable = 100 };

        var impact = InterventionImpact.Measure(Kpi.CapacityRatio, Window, e, []);

        Assert.Equal(0.5, impact.Before.Value!.Value, 12);
        Assert.Equal(400.0 / 640, impact.After.Value!.Value, 12); // (3·100 + 100) / (3·80 + 400), not a mean of ratios
        Assert.Equal(0, impact.Comparators);
        Assert.Null(impact.ComparatorsBefore);
        Assert.Null(impact.Effect); // no comparators: no comparison
        Assert.Null(impact.PlaceboRank);
        Assert.Equal(0, impact.PlaceboCount);
    }

    [Fact]
    public void Too_few_counted_months_is_no_data()
    {
        var e = Series(100, 10, 20);
        foreach (var m in Window.After.Skip(1))
        {
            e[m] = new KpiCounts { Population = null, VisitsAttended = 20 };
        }
        var c2 = Series(100, 10, 10);
        var c3 = Series(100, 10, 12);

        var impact = InterventionImpact.Measure(Kpi.PrisonerReachPct, Window, e, [c2, c3]);

        Assert.Equal(1, impact.After.Months); // only August counted: fewer than 2
        Assert.Null(impact.Effect);
        Assert.Null(impact.PlaceboRank);
        Assert.Equal(2, impact.PlaceboCount); // the comparators' own placebo effects still exist
    }

    [Fact]
    public void A_comparator_with_too_few_months_is_pooled_but_has_no_placebo()
    {
        var e = Series(100, 10, 20);
        var c2 = Series(100, 10, 10);
        var c3 = Series(100, 10, 14);
        foreach (var m in Window.Before.Skip(1))
        {
            c3[m] = new KpiCounts { Population = null };
        }

        var impact = InterventionImpact.Measure(Kpi.VisitsPer100Prisoners, Window, e, [c2, c3]);

        // Pooled before: (100·40 + 100·10) / (400 + 100) = 10; after (100·40 + 100·56) / 800 = 12.
        Assert.Equal(8, impact.Effect!.Value, 12); // (20 − 10) − (12 − 10)
        Assert.Equal(1, impact.PlaceboCount); // C3 has one counted month before: no placebo of its own
        Assert.Equal(1, impact.PlaceboRank); // C2's placebo: 0 − 4 = −4, |−4| < 8
    }

    [Fact]
    public void Placebo_ties_count_against_the_establishment()
    {
        // E +6; C2 +0; C3 +4. E's effect: 6 − 2 = 4. Placebos: C2 0 − 4 = −4, C3 4 − 0 = 4: both |4| ≥ |4|.
        var impact = InterventionImpact.Measure(
            Kpi.ChildVisitorsPer100Prisoners,
            Window,
            Children(10, 16),
            [Children(10, 10), Children(10, 14)]);

        Assert.Equal(4, impact.Effect!.Value, 12);
        Assert.Equal(2, impact.PlaceboCount);
        Assert.Equal(3, impact.PlaceboRank); // rank 3 of 2 placebos: not distinguishable from comparable prisons

        static Dictionary<YearMonth, KpiCounts> Children(int before, int after) =>
            Series(100, 0, 0).ToDictionary(
                kv => kv.Key,
                kv => new KpiCounts { Population = 100, ChildVisitors = kv.Key < T ? before : after });
    }

    [Fact]
    public void Only_the_four_population_kpis()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InterventionImpact.Measure(Kpi.NoShowPct, Window, Series(1, 1, 1), []));
    }

    private static FamilyGroupMembership Member(int establishment, int group, string from, string? to = null) => new()
    {
        EstablishmentId = establishment,
        FamilyGroupId = group,
        FromMonth = YearMonth.Parse(from).Key,
        ToMonth = to is null ? null : YearMonth.Parse(to).Key,
    };

    [Fact]
    public void Comparators_are_the_group_in_the_start_month_less_same_kind_interventions_in_the_window()
    {
        var memberships = new[]
        {
            Member(1, 10, "2024-01"),
            Member(2, 10, "2024-01"),
            Member(3, 10, "2024-01"),
            Member(4, 10, "2024-01"),
            Member(5, 10, "2024-01"),
            Member(6, 10, "2025-07"), // joined the group in month T: a comparator
            Member(7, 10, "2024-01", "2025-06"), // left before month T: not one
            Member(7, 20, "2025-07"),
            Member(8, 20, "2024-01"), // another group
        };
        var interventions = new (int, InterventionKind, YearMonth)[]
        {
            (1, InterventionKind.ChildFriendlyArea, T),
            (2, InterventionKind.ChildFriendlyArea, new YearMonth(2025, 11)), // T+4: inside the window, excluded
            (3, InterventionKind.ChildFriendlyArea, new YearMonth(2025, 12)), // T+5: outside, kept
            (4, InterventionKind.VisitsTeam, T), // another kind: kept
            (5, InterventionKind.ChildFriendlyArea, new YearMonth(2025, 3)), // T−4: inside, excluded
        };

        var comparators = InterventionImpact.Comparators(1, InterventionKind.ChildFriendlyArea, Window, memberships, interventions);

        Assert.Equal([3, 4, 6], comparators);
        Assert.Empty(InterventionImpact.Comparators(9, InterventionKind.Other, Window, memberships, interventions));
    }
}
