using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using Xunit;
using static VisitsCapture.UnitTests.KpiFixture;

namespace VisitsCapture.UnitTests;

/// <summary>The family-group comparison of the fixture's May 2025, group "Male Cat C trainer".</summary>
public class KpiComparisonTests
{
    private static Dictionary<int, double?> MayValues(Kpi kpi) => new()
    {
        [Aaa] = KpiFormulas.Value(kpi, AaaMay()),
        [Bbb] = KpiFormulas.Value(kpi, BbbMay()),
        [Ccc] = KpiFormulas.Value(kpi, CccMay()),
        [Ddd] = KpiFormulas.Value(kpi, DddMay()),
        [Fff] = KpiFormulas.Value(kpi, FffMay()),
    };

    [Fact]
    public void Capacity_ratio_even_sized_group_with_a_tie()
    {
        // Values 0.88 (0.875 published), 1.50, 0.00, 1.50, and FFF no data: four with a value.
        var r = KpiComparison.Compare(Kpi.CapacityRatio, MayValues(Kpi.CapacityRatio));

        Assert.Equal(4, r.N);
        Assert.Equal(1.19, r.Median!.Value, 12); // (0.88 + 1.50) / 2: the mean of the middle two
        Assert.Equal(0.66, r.LowerQuartile!.Value, 12); // h = 0.75: 0 + 0.75·0.88
        Assert.Equal(1.5, r.UpperQuartile!.Value, 12); // h = 2.25: 1.5 + 0.25·0
        Assert.Equal(0.0, r.Min);
        Assert.Equal(1.5, r.Max);
        Assert.Equal(new MemberPosition(1.5, 1, 1), r.Members[Bbb]); // tie: both rank 1
        Assert.Equal(new MemberPosition(1.5, 1, 1), r.Members[Ddd]);
        Assert.Equal(new MemberPosition(0.88, 3, 3), r.Members[Aaa]); // "rank 3 of 4"
        Assert.Equal(new MemberPosition(0.0, 4, 4), r.Members[Ccc]);
        Assert.Equal(new MemberPosition(null, null, null), r.Members[Fff]);
    }

    [Fact]
    public void Visits_per_100_prisoners()
    {
        var r = KpiComparison.Compare(Kpi.VisitsPer100Prisoners, MayValues(Kpi.VisitsPer100Prisoners));

        Assert.Equal(13.75, r.Median!.Value, 12); // (12.5 + 15) / 2
        Assert.Equal("9.38", Rounding.Format(r.LowerQuartile, 2)); // 0.75·12.5 = 9.375, half away from zero
        Assert.Equal(16.25, r.UpperQuartile!.Value, 12); // 15 + 0.25·5
        Assert.Equal(3, r.Members[Aaa].Rank);
        Assert.Equal(1, r.Members[Ddd].Rank);
    }

    [Fact]
    public void Lower_is_better_ranks_from_the_smallest()
    {
        // Sessions lost: AAA 1, BBB 0, CCC 1, DDD 0, FFF 0.
        var r = KpiComparison.Compare(Kpi.SessionsLost, MayValues(Kpi.SessionsLost));

        Assert.Equal(1, r.Members[Bbb].Rank);
        Assert.Equal(1, r.Members[Fff].Rank);
        Assert.Equal(4, r.Members[Aaa].Rank);
        Assert.Equal(4, r.Members[Ccc].Rank);
        Assert.Equal(0.0, r.Median);
    }

    [Fact]
    public void Places_available_has_statistics_but_no_rank()
    {
        var r = KpiComparison.Compare(Kpi.PlacesAvailable, MayValues(Kpi.PlacesAvailable));

        Assert.Equal(5, r.N);
        Assert.Equal(30.0, r.Median); // 0, 12, 30, 35, 45
        Assert.All(r.Members.Values, m => Assert.Null(m.Rank));
        Assert.All(r.Members.Values, m => Assert.Null(m.QuartilePosition));
    }

    [Theory]
    [InlineData(Kpi.Arrivals)]
    [InlineData(Kpi.Leavers)]
    public void Arrivals_and_leavers_have_statistics_but_no_rank(Kpi kpi)
    {
        // Counts of movement: more arrivals is neither better nor worse. Their visited percentages are ranked.
        var members = new Dictionary<int, double?> { [Aaa] = 12, [Bbb] = 40, [Ccc] = 25 };
        var r = KpiComparison.Compare(kpi, members);
        Assert.Equal(25.0, r.Median);
        Assert.All(r.Members.Values, m => Assert.Null(m.Rank));
        Assert.Equal(1, KpiComparison.Compare(Kpi.ArrivalsVisitedPct, members).Members[Bbb].Rank);
    }

    [Fact]
    public void Members_publishing_the_same_figure_share_a_rank()
    {
        // 1.004 and 1.0049 both publish as 1.00; unrounded, one would rank above the other.
        var r = KpiComparison.Compare(Kpi.CapacityRatio, new Dictionary<int, double?> { [1] = 1.004, [2] = 1.0049, [3] = 0.5 });

        Assert.Equal(1, r.Members[1].Rank);
        Assert.Equal(1, r.Members[2].Rank);
        Assert.Equal(3, r.Members[3].Rank);
        Assert.Equal(1.0, r.Median);
    }
}

public class FamilyGroupMonthsTests
{
    [Fact]
    public void An_establishment_moving_group_mid_year_is_in_each_group_in_its_months()
    {
        var april = FamilyGroupMonths.GroupsIn(KpiFixture.Memberships(), new YearMonth(2025, 4));
        var may = FamilyGroupMonths.GroupsIn(KpiFixture.Memberships(), new YearMonth(2025, 5));

        Assert.Equal(MaleLocal, april[Fff]);
        Assert.Equal(MaleCatC, may[Fff]);
        Assert.Equal(MaleCatC, april[Aaa]);
        Assert.Equal(6, may.Count);
    }

    [Fact]
    public void In_a_quarter_the_group_is_the_one_the_establishment_ended_it_in()
    {
        var q1 = new FinancialQuarter(2025, 1).Months.ToList(); // April to June 2025

        var groups = FamilyGroupMonths.GroupsIn(KpiFixture.Memberships(), q1);

        Assert.Equal(MaleCatC, groups[Fff]);
        Assert.Equal(MaleLocal, groups[Eee]);
    }

    [Fact]
    public void Before_any_membership_there_is_no_group()
    {
        Assert.Empty(FamilyGroupMonths.GroupsIn(KpiFixture.Memberships(), new YearMonth(2024, 12)));
    }

    [Fact]
    public void Overlapping_memberships_resolve_to_the_one_started_last()
    {
        List<FamilyGroupMembership> overlapping =
        [
            new() { Id = 1, EstablishmentId = 7, FamilyGroupId = 1, FromMonth = 202401 },
            new() { Id = 2, EstablishmentId = 7, FamilyGroupId = 2, FromMonth = 202406 },
        ];

        Assert.Equal(2, FamilyGroupMonths.GroupsIn(overlapping, new YearMonth(2024, 7))[7]);
        Assert.Equal(1, FamilyGroupMonths.GroupsIn(overlapping, new YearMonth(2024, 5))[7]);
    }
}

public class KpiTargetsTests
{
    private static readonly YearMonth May = new(2025, 5);

    private static List<KpiTarget> Targets() =>
    [
        new() { Id = 1, Kpi = Kpi.CapacityRatio, EstablishmentId = Aaa, BaselineValue = 0.6, BaselineDate = new(2025, 4, 1), TargetValue = 1.0, TargetDate = new(2026, 3, 31) },
        new() { Id = 2, Kpi = Kpi.CapacityRatio, FamilyGroupId = MaleCatC, TargetValue = 0.8, TargetDate = new(2026, 3, 31) },
        new() { Id = 3, Kpi = Kpi.VisitsPer100Prisoners, FamilyGroupId = MaleCatC, TargetValue = 13.0, TargetDate = new(2026, 3, 31), AmberTolerance = 1.0 },
        new() { Id = 4, Kpi = Kpi.NoShowPct, EstablishmentId = Aaa, TargetValue = 25, TargetDate = new(2025, 12, 31), AmberTolerance = 5 },
    ];

    [Fact]
    public void The_establishments_own_target_comes_before_its_groups()
    {
        var t = KpiTargets.Applicable(Targets(), Kpi.CapacityRatio, Aaa, MaleCatC, May)!;

        Assert.Equal(1, t.Id);
        // 0.88 is 0.12 short of 1.0; the default tolerance is 10% of the target, 0.10: red. (Against the group's 0.8 it would be green.)
        Assert.Equal(Rag.Red, KpiTargets.Status(t, 0.875, defaultTolerancePct: 10));
        Assert.Equal(0.1, KpiTargets.Tolerance(t, 10), 12);
    }

    [Fact]
    public void Without_its_own_target_the_group_target_applies_with_its_own_tolerance()
    {
        var t = KpiTargets.Applicable(Targets(), Kpi.VisitsPer100Prisoners, Aaa, MaleCatC, May)!;

        Assert.Equal(3, t.Id);
        Assert.Equal(Rag.Amber, KpiTargets.Status(t, 12.5, 10)); // 0.5 short, tolerance 1.0
        Assert.Equal(Rag.Green, KpiTargets.Status(t, 20, 10));
        Assert.Equal(Rag.Red, KpiTargets.Status(t, 0, 10));
        Assert.Equal(Rag.Green, KpiTargets.Status(t, 12.995, 10)); // published as 13.00: at target
        Assert.Equal(Rag.None, KpiTargets.Status(t, null, 10));
    }

    [Fact]
    public void Lower_is_better_targets()
    {
        var t = KpiTargets.Applicable(Targets(), Kpi.NoShowPct, Aaa, MaleCatC, May)!;

        Assert.Equal(Rag.Amber, KpiTargets.Status(t, 200.0 / 7, 10)); // 28.57: 3.57 above 25, within 5
        Assert.Equal(Rag.Green, KpiTargets.Status(t, 25, 10));
        Assert.Equal(Rag.Red, KpiTargets.Status(t, 30.01, 10));
    }

    [Fact]
    public void No_target_for_an_establishment_outside_any_group_without_its_own()
    {
        Assert.Null(KpiTargets.Applicable(Targets(), Kpi.VisitsPer100Prisoners, Eee, null, May));
        Assert.Null(KpiTargets.Applicable(Targets(), Kpi.VisitsPer100Prisoners, Eee, MaleLocal, May));
    }

    [Fact]
    public void The_target_due_soonest_applies_then_the_last_one_after_all_are_due()
    {
        List<KpiTarget> targets =
        [
            new() { Id = 1, Kpi = Kpi.EnhancedFamilyVisits, EstablishmentId = Aaa, TargetValue = 4, TargetDate = new(2025, 3, 31) },
            new() { Id = 2, Kpi = Kpi.EnhancedFamilyVisits, EstablishmentId = Aaa, TargetValue = 6, TargetDate = new(2025, 9, 30) },
            new() { Id = 3, Kpi = Kpi.EnhancedFamilyVisits, EstablishmentId = Aaa, TargetValue = 8, TargetDate = new(2026, 3, 31) },
            new() { Id = 4, Kpi = Kpi.EnhancedFamilyVisits, EstablishmentId = Aaa, TargetValue = 10, TargetDate = new(2027, 3, 31), BaselineDate = new(2026, 4, 1) },
        ];

        Assert.Equal(1, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2025, 3))!.Id);
        Assert.Equal(2, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2025, 4))!.Id);
        Assert.Equal(3, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2025, 10))!.Id);
        // The 2027 target only starts with its baseline in April 2026; after March 2026 it is the one in force.
        Assert.Equal(3, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2026, 3))!.Id);
        Assert.Equal(4, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2026, 4))!.Id);
        Assert.Equal(4, KpiTargets.Applicable(targets, Kpi.EnhancedFamilyVisits, Aaa, null, new(2028, 1))!.Id);
    }
}

public class SmallNumberKpiTests
{
    [Theory]
    [InlineData(Kpi.VisitsAttended, true)]
    [InlineData(Kpi.Visitors, true)]
    [InlineData(Kpi.ChildVisitors, true)]
    [InlineData(Kpi.EnhancedFamilyVisits, true)]
    [InlineData(Kpi.SessionsLost, true)]
    [InlineData(Kpi.PlacesAvailable, false)]
    [InlineData(Kpi.CapacityRatio, false)]
    [InlineData(Kpi.PrisonerReachPct, false)]
    [InlineData(Kpi.MedianDistanceMiles, false)]
    public void Counts_of_people_and_events_are_small_numbers(Kpi kpi, bool applies) => Assert.Equal(applies, SmallNumbers.AppliesTo(kpi));

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.5, true)]
    [InlineData(4.5, true)]
    [InlineData(5.0, false)]
    public void Statistics_of_counts_below_the_threshold_are_suppressed(double value, bool suppressed) =>
        Assert.Equal(suppressed, SmallNumbers.IsSuppressed((double?)value));
}
