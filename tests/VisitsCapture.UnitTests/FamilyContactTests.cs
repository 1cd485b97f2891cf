using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>Family contact on arrival and before leaving (DESIGN.md), month M = October 2025.</summary>
public class FamilyContactTests
{
    private static readonly DateOnly LastDay = new(2025, 10, 31);

    private static SnapshotPrisoners Snapshot(int year, int month, int day, params string[] prisoners) =>
        new(new DateOnly(year, month, day), prisoners.ToHashSet());

    [Fact]
    public void Arrivals_and_leavers_with_their_visit_windows()
    {
        // S(M−1) 15 Sep: A, B, C, D. S(M) 20 Oct: C, D, E, F, G. Arrivals E, F, G; leavers A, B.
        var previous = Snapshot(2025, 9, 15, "A", "B", "C", "D");
        var current = Snapshot(2025, 10, 20, "C", "D", "E", "F", "G");
        (string, DateOnly)[] visits =
        [
            ("E", new DateOnly(2025, 9, 15)), // on S(M−1)'s date: not after it
            ("F", new DateOnly(2025, 9, 16)), // the day after: counts
            ("F", new DateOnly(2025, 10, 1)), // F counted once
            ("G", new DateOnly(2025, 11, 1)), // after the month: not counted
            ("A", new DateOnly(2025, 7, 22)), // 20 Oct − 90 days = 22 Jul: not after it
            ("B", new DateOnly(2025, 7, 23)), // the day after: counts
            ("C", new DateOnly(2025, 10, 2)), // stayed: neither
        ];

        var counts = FamilyContact.Count(previous, current, LastDay, visits);

        Assert.Equal(new FamilyContactCounts(3, 1, 2, 1), counts);
        Assert.Equal(100.0 / 3, counts.ArrivalsVisitedPct!.Value, 12);
        Assert.Equal(50, counts.LeaversVisitedPct);
    }

    [Fact]
    public void A_leaver_visited_on_the_snapshot_date_counts_and_after_it_does_not()
    {
        var previous = Snapshot(2025, 9, 30, "A", "B");
        var current = Snapshot(2025, 10, 10);
        var counts = FamilyContact.Count(previous, current, LastDay,
            [("A", new DateOnly(2025, 10, 10)), ("B", new DateOnly(2025, 10, 11))]);
        Assert.Equal(new FamilyContactCounts(0, 0, 2, 1), counts);
        Assert.Null(counts.ArrivalsVisitedPct); // zero arrivals: no data, never 0
        Assert.Equal(50, counts.LeaversVisitedPct);
    }

    [Fact]
    public void Without_a_prisoner_level_snapshot_in_either_month_all_four_are_no_data()
    {
        var s = Snapshot(2025, 10, 20, "A");
        Assert.Equal(FamilyContactCounts.NoData, FamilyContact.Count(null, s, LastDay, [("A", LastDay)]));
        Assert.Equal(FamilyContactCounts.NoData, FamilyContact.Count(s, null, LastDay, [("A", LastDay)]));
        Assert.Null(FamilyContactCounts.NoData.ArrivalsVisitedPct);
        Assert.Null(FamilyContactCounts.NoData.LeaversVisitedPct);
    }

    [Fact]
    public void Visits_window_covers_both_rules()
    {
        var (after, through) = FamilyContact.VisitsWindow(Snapshot(2025, 9, 15), Snapshot(2025, 10, 20), LastDay);
        Assert.Equal(new DateOnly(2025, 7, 22), after);
        Assert.Equal(LastDay, through);
        (after, through) = FamilyContact.VisitsWindow(Snapshot(2025, 5, 1), Snapshot(2025, 11, 2), LastDay);
        Assert.Equal(new DateOnly(2025, 5, 1), after);
        Assert.Equal(new DateOnly(2025, 11, 2), through);
    }
}

/// <summary>Nearer to home (DESIGN.md): a far home with another establishment of the same function within the radius.</summary>
public class NearerToHomeTests
{
    private static readonly EstablishmentPlace Holding = new("AAA", 52.0, -2.0);
    private static readonly EstablishmentPlace Near = new("BBB", 54.0, -2.0);
    private static readonly EstablishmentPlace Nearer = new("CCC", 54.2, -2.0);
    private static readonly (double, double) Home = (54.1, -2.0);

    [Fact]
    public void A_far_home_lists_the_establishments_within_the_radius_nearest_first()
    {
        var alternatives = NearerToHome.Alternatives(Home, Holding, [Holding, Near, Nearer], 50);
        Assert.Equal(["BBB", "CCC"], alternatives.Order()); // both about 6.9 miles away
        Assert.Empty(NearerToHome.Alternatives(Home, Holding, [Holding], 50)); // none of the same function
        Assert.Empty(NearerToHome.Alternatives(null, Holding, [Near], 50)); // unknown home
    }

    [Fact]
    public void A_distance_equal_to_the_radius_is_within()
    {
        var toHolding = GreatCircle.Miles(54.1, -2.0, 52.0, -2.0);
        var toNear = GreatCircle.Miles(54.1, -2.0, 54.0, -2.0);

        // The home exactly at the radius of the holding establishment is local: not a case.
        Assert.Empty(NearerToHome.Alternatives(Home, Holding, [Near], toHolding));
        // An alternative exactly at the radius counts as within.
        Assert.Equal(["BBB"], NearerToHome.Alternatives(Home, Holding, [Near], toNear));
        Assert.Empty(NearerToHome.Alternatives(Home, Holding, [Near], Math.BitDecrement(toNear)));
    }

    [Fact]
    public void From_distances_already_worked_out_the_rule_is_the_same()
    {
        var near = NearerToHome.Within(Home, [Holding, Near, Nearer], 50);
        Assert.Equal(["BBB", "CCC"], near.Order()); // the holding establishment, 145 miles away, is not within

        Assert.Equal(near, NearerToHome.Alternatives(GreatCircle.Miles(54.1, -2.0, 52.0, -2.0), "AAA", near, 50));
        // A holding establishment among them (moved since the snapshot) is left out; a home at its radius is local.
        Assert.Equal(["CCC"], NearerToHome.Alternatives(60, "BBB", near, 50));
        Assert.Empty(NearerToHome.Alternatives(50, "AAA", near, 50));
    }
}
