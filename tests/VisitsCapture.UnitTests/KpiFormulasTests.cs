using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class KpiFormulasTests
{
    // P 400, C 600, A 480, 1150 visitors of whom 300 children, 40 enhanced, 220 prisoners visited, 20 no-shows,
    // 3 sessions lost; 380 known homes (20 unknown), 228 within radius, 19,000 miles in all, median 42.5.
    private static KpiCounts Month() => new()
    {
        Population = 400,
        PlacesAvailable = 600,
        VisitsAttended = 480,
        Visitors = 1150,
        ChildVisitors = 300,
        EnhancedFamilyVisits = 40,
        PrisonersVisited = 220,
        NoShows = 20,
        SessionsLost = 3,
        KnownHomes = 380,
        UnknownHomes = 20,
        HomesWithinRadius = 228,
        SumDistanceMiles = 19000,
        MedianDistanceMiles = 42.5,
        HasPrisonerLevelSnapshot = true,
    };

    [Theory]
    [InlineData(Kpi.PlacesAvailable, 600)]
    [InlineData(Kpi.CapacityRatio, 1.5)] // 600 / 400
    [InlineData(Kpi.VisitsAttended, 480)]
    [InlineData(Kpi.VisitsPer100Prisoners, 120)] // 100·480 / 400
    [InlineData(Kpi.Visitors, 1150)]
    [InlineData(Kpi.ChildVisitors, 300)]
    [InlineData(Kpi.ChildVisitorsPer100Prisoners, 75)] // 100·300 / 400
    [InlineData(Kpi.EnhancedFamilyVisits, 40)]
    [InlineData(Kpi.UtilisationPct, 80)] // 100·480 / 600
    [InlineData(Kpi.PrisonerReachPct, 55)] // 100·220 / 400
    [InlineData(Kpi.NoShowPct, 4)] // 100·20 / (480 + 20)
    [InlineData(Kpi.SessionsLost, 3)]
    [InlineData(Kpi.MeanDistanceMiles, 50)] // 19000 / 380
    [InlineData(Kpi.MedianDistanceMiles, 42.5)]
    [InlineData(Kpi.PliPct, 60)] // 100·228 / 380
    public void Values_follow_the_design(Kpi kpi, double expected)
    {
        Assert.Equal(expected, KpiFormulas.Value(kpi, Month())!.Value, 1e-12);
    }

    [Fact]
    public void Fractional_population_from_averaged_snapshots()
    {
        var c = Month();
        c.Population = 333.5; // snapshots of 333 and 334
        Assert.Equal("1.80", Rounding.Format(KpiFormulas.Value(Kpi.CapacityRatio, c), 2)); // 1.7991…
        Assert.Equal("143.93", Rounding.Format(KpiFormulas.Value(Kpi.VisitsPer100Prisoners, c), 2)); // 143.928…
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    public void Population_ratios_are_no_data_without_a_population(double? population)
    {
        var c = Month();
        c.Population = population;
        Assert.Null(KpiFormulas.Value(Kpi.CapacityRatio, c));
        Assert.Null(KpiFormulas.Value(Kpi.VisitsPer100Prisoners, c));
        Assert.Null(KpiFormulas.Value(Kpi.ChildVisitorsPer100Prisoners, c));
        Assert.Null(KpiFormulas.Value(Kpi.PrisonerReachPct, c));
        // Counts and the ratios with other denominators are unaffected.
        Assert.Equal(600.0, KpiFormulas.Value(Kpi.PlacesAvailable, c));
        Assert.Equal(480.0, KpiFormulas.Value(Kpi.VisitsAttended, c));
        Assert.Equal(80.0, KpiFormulas.Value(Kpi.UtilisationPct, c));
        Assert.Equal(4.0, KpiFormulas.Value(Kpi.NoShowPct, c));
    }

    [Fact]
    public void Utilisation_without_places_is_no_data()
    {
        var c = Month();
        c.PlacesAvailable = 0;
        Assert.Null(KpiFormulas.Value(Kpi.UtilisationPct, c));
        Assert.Equal(0.0, KpiFormulas.Value(Kpi.CapacityRatio, c)); // a zero numerator is a real 0
    }

    [Fact]
    public void No_show_rate_without_any_booked_visit_is_no_data()
    {
        var c = Month();
        c.VisitsAttended = 0;
        c.NoShows = 0;
        Assert.Null(KpiFormulas.Value(Kpi.NoShowPct, c));
        c.NoShows = 5;
        Assert.Equal(100.0, KpiFormulas.Value(Kpi.NoShowPct, c));
    }

    [Fact]
    public void Distance_measures_need_a_prisoner_level_snapshot()
    {
        var c = Month();
        c.HasPrisonerLevelSnapshot = false;
        Assert.Null(KpiFormulas.Value(Kpi.MeanDistanceMiles, c));
        Assert.Null(KpiFormulas.Value(Kpi.MedianDistanceMiles, c));
        Assert.Null(KpiFormulas.Value(Kpi.PliPct, c));
    }

    [Fact]
    public void Distance_measures_without_known_homes_are_no_data()
    {
        var c = Month();
        c.KnownHomes = 0;
        c.HomesWithinRadius = 0;
        c.SumDistanceMiles = 0;
        c.MedianDistanceMiles = null;
        Assert.Null(KpiFormulas.Value(Kpi.MeanDistanceMiles, c));
        Assert.Null(KpiFormulas.Value(Kpi.MedianDistanceMiles, c));
        Assert.Null(KpiFormulas.Value(Kpi.PliPct, c));
    }

    [Fact]
    public void Empty_month_has_zero_counts_and_no_ratios()
    {
        var c = new KpiCounts();
        foreach (var kpi in KpiFormulas.All)
        {
            var value = KpiFormulas.Value(kpi, c);
            // Arrivals and leavers are counts of two prisoner-level snapshots: without them, "no data".
            if (KpiFormulas.IsCount(kpi) && kpi is not (Kpi.Arrivals or Kpi.Leavers))
            {
                Assert.Equal(0.0, value);
            }
            else
            {
                Assert.Null(value);
            }
        }
    }

    [Theory]
    [InlineData(Kpi.PlacesAvailable, true)]
    [InlineData(Kpi.CapacityRatio, true)]
    [InlineData(Kpi.VisitsAttended, true)]
    [InlineData(Kpi.VisitsPer100Prisoners, true)]
    [InlineData(Kpi.Visitors, true)]
    [InlineData(Kpi.ChildVisitors, true)]
    [InlineData(Kpi.ChildVisitorsPer100Prisoners, true)]
    [InlineData(Kpi.EnhancedFamilyVisits, true)]
    [InlineData(Kpi.UtilisationPct, true)]
    [InlineData(Kpi.PrisonerReachPct, true)]
    [InlineData(Kpi.NoShowPct, false)]
    [InlineData(Kpi.SessionsLost, false)]
    [InlineData(Kpi.MeanDistanceMiles, false)]
    [InlineData(Kpi.MedianDistanceMiles, false)]
    [InlineData(Kpi.PliPct, true)]
    [InlineData(Kpi.Arrivals, true)]
    [InlineData(Kpi.ArrivalsVisitedPct, true)]
    [InlineData(Kpi.Leavers, true)]
    [InlineData(Kpi.LeaversVisitedPct, true)]
    public void Direction_follows_the_design(Kpi kpi, bool higher)
    {
        Assert.Equal(higher, KpiFormulas.HigherIsBetter(kpi));
        Assert.Equal(kpi is not (Kpi.PlacesAvailable or Kpi.Arrivals or Kpi.Leavers), KpiFormulas.HasDirection(kpi));
    }

    [Fact]
    public void Csv_columns_are_the_monthly_return_columns_in_order()
    {
        const string designColumns = "places_available,capacity_ratio,visits_attended,visits_per_100_prisoners,visitors,child_visitors,"
            + "child_visitors_per_100_prisoners,enhanced_family_visits,utilisation_pct,prisoner_reach_pct,no_show_pct,sessions_lost,"
            + "mean_distance_miles,median_distance_miles,pli_pct";
        Assert.Equal(designColumns, string.Join(",", KpiFormulas.Table.Select(KpiFormulas.CsvColumn)));
        Assert.Equal("arrivals,arrivals_visited_pct,leavers,leavers_visited_pct", string.Join(",", KpiFormulas.FamilyContact.Select(KpiFormulas.CsvColumn)));
        Assert.Equal(KpiFormulas.All, [.. KpiFormulas.Table, .. KpiFormulas.FamilyContact]);
    }

    /// <summary>DESIGN.md: with prisoner-level snapshots in M and M−1, arrivals visited % = 100 × visited / arrivals; zero arrivals = no data.</summary>
    [Theory]
    [InlineData(true, 8, 3, 5, 0, 8.0, 37.5, 5.0, 0.0)] // 100·3 / 8; 100·0 / 5
    [InlineData(true, 0, 0, 4, 4, 0.0, null, 4.0, 100.0)] // zero arrivals: no data, never 0
    [InlineData(false, 0, 0, 0, 0, null, null, null, null)] // counts-only or no snapshot in M or M−1
    public void Family_contact_values(bool has, int arrivals, int arrivalsVisited, int leavers, int leaversVisited,
        double? a, double? aPct, double? l, double? lPct)
    {
        var c = new KpiCounts { HasFamilyContact = has, Arrivals = arrivals, ArrivalsVisited = arrivalsVisited, Leavers = leavers, LeaversVisited = leaversVisited };
        Assert.Equal(a, KpiFormulas.Value(Kpi.Arrivals, c));
        Assert.Equal(aPct, KpiFormulas.Value(Kpi.ArrivalsVisitedPct, c));
        Assert.Equal(l, KpiFormulas.Value(Kpi.Leavers, c));
        Assert.Equal(lPct, KpiFormulas.Value(Kpi.LeaversVisitedPct, c));
    }

    /// <summary>
    /// Roll-ups are ratios of sums: A 5 of 10 arrivals visited (50%), B 3 of 30 (10%), C counts-only (no data):
    /// (5 + 3) / (10 + 30) = 20%, not the 30% mean of the ratios; leavers (1 + 8) / (2 + 8) = 90%. Nearer to home 7 + 4.
    /// </summary>
    [Fact]
    public void Family_contact_and_nearer_to_home_roll_up_as_ratios_of_sums()
    {
        var a = new KpiCounts { Population = 100, HasPrisonerLevelSnapshot = true, NearerToHome = 7, HasFamilyContact = true, Arrivals = 10, ArrivalsVisited = 5, Leavers = 2, LeaversVisited = 1 };
        var b = new KpiCounts { Population = 300, HasPrisonerLevelSnapshot = true, NearerToHome = 4, HasFamilyContact = true, Arrivals = 30, ArrivalsVisited = 3, Leavers = 8, LeaversVisited = 8 };
        var c = new KpiCounts { Population = 50 };
        var group = KpiRollup.Sum([KpiRollup.Single(a), KpiRollup.Single(b), KpiRollup.Single(c)]);
        Assert.Equal(40.0, group.Value(Kpi.Arrivals));
        Assert.Equal(20.0, group.Value(Kpi.ArrivalsVisitedPct));
        Assert.Equal(10.0, group.Value(Kpi.Leavers));
        Assert.Equal(90.0, group.Value(Kpi.LeaversVisitedPct));
        Assert.Equal(11, group.NearerToHome);
        var countsOnly = KpiRollup.Sum([KpiRollup.Single(c), KpiRollup.Single(new KpiCounts { Population = 20 })]);
        Assert.Null(countsOnly.Value(Kpi.ArrivalsVisitedPct));
        Assert.Null(countsOnly.Value(Kpi.Arrivals));
        Assert.Null(countsOnly.NearerToHome);
    }

    [Fact]
    public void Names_are_human_and_distinct()
    {
        Assert.Equal("Capacity ratio", KpiFormulas.Name(Kpi.CapacityRatio));
        Assert.Equal("Visits per 100 prisoners", KpiFormulas.Name(Kpi.VisitsPer100Prisoners));
        Assert.Equal("PLI %", KpiFormulas.Name(Kpi.PliPct));
        Assert.Equal("No-show %", KpiFormulas.Name(Kpi.NoShowPct));
        var names = KpiFormulas.All.Select(KpiFormulas.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData(Kpi.PlacesAvailable, 0)]
    [InlineData(Kpi.SessionsLost, 0)]
    [InlineData(Kpi.CapacityRatio, 2)]
    [InlineData(Kpi.PliPct, 2)]
    [InlineData(Kpi.NoShowPct, 2)]
    [InlineData(Kpi.MeanDistanceMiles, 1)]
    [InlineData(Kpi.MedianDistanceMiles, 1)]
    public void Decimals_follow_the_export_rules(Kpi kpi, int decimals)
    {
        Assert.Equal(decimals, KpiFormulas.Decimals(kpi));
    }

    [Theory]
    [InlineData(Kpi.CapacityRatio, 1.005, 1.01, "1.01")] // half away from zero, not to even
    [InlineData(Kpi.CapacityRatio, 0.875, 0.88, "0.88")]
    [InlineData(Kpi.MeanDistanceMiles, 12.25, 12.3, "12.3")]
    [InlineData(Kpi.MedianDistanceMiles, 10.05, 10.1, "10.1")]
    [InlineData(Kpi.PlacesAvailable, 34.5, 35.0, "35")]
    [InlineData(Kpi.NoShowPct, -0.125, -0.13, "-0.13")] // a change can be negative
    public void Published_values_are_rounded_to_the_kpis_decimals(Kpi kpi, double value, double published, string text)
    {
        Assert.Equal(published, KpiFormulas.Published(kpi, value));
        Assert.Equal(text, KpiFormulas.Format(kpi, value));
    }

    [Fact]
    public void No_data_stays_no_data_when_published()
    {
        Assert.Null(KpiFormulas.Published(Kpi.CapacityRatio, null));
        Assert.Equal("", KpiFormulas.Format(Kpi.CapacityRatio, null));
    }

    [Fact]
    public void Sum_adds_counts_and_gives_ratios_of_sums()
    {
        var a = Month();
        var b = new KpiCounts
        {
            Population = 100, PlacesAvailable = 100, VisitsAttended = 20, Visitors = 50, ChildVisitors = 10,
            EnhancedFamilyVisits = 2, PrisonersVisited = 15, NoShows = 5, SessionsLost = 1,
            KnownHomes = 20, UnknownHomes = 5, HomesWithinRadius = 2, SumDistanceMiles = 2000, MedianDistanceMiles = 90,
            HasPrisonerLevelSnapshot = true,
        };

        var t = KpiFormulas.Sum([a, b]);

        Assert.Equal(500.0, t.Population);
        Assert.Equal(700, t.PlacesAvailable);
        Assert.Equal(500, t.VisitsAttended);
        Assert.Equal(1200, t.Visitors);
        Assert.Equal(310, t.ChildVisitors);
        Assert.Equal(42, t.EnhancedFamilyVisits);
        Assert.Equal(235, t.PrisonersVisited);
        Assert.Equal(25, t.NoShows);
        Assert.Equal(4, t.SessionsLost);
        Assert.Equal(400, t.KnownHomes);
        Assert.Equal(25, t.UnknownHomes);
        Assert.Equal(230, t.HomesWithinRadius);
        Assert.Equal(21000, t.SumDistanceMiles);
        Assert.Null(t.MedianDistanceMiles);
        Assert.True(t.HasPrisonerLevelSnapshot);

        // Ratios of sums, not averages of ratios: 100·500/500 = 100, whereas the mean of 120 and 20 would be 70.
        Assert.Equal(100.0, KpiFormulas.Value(Kpi.VisitsPer100Prisoners, t));
        Assert.Equal(57.5, KpiFormulas.Value(Kpi.PliPct, t)); // 100·230 / 400
        Assert.Equal(52.5, KpiFormulas.Value(Kpi.MeanDistanceMiles, t)); // 21000 / 400
        Assert.Null(KpiFormulas.Value(Kpi.MedianDistanceMiles, t));
        Assert.Equal(100.0 * 25 / 525, KpiFormulas.Value(Kpi.NoShowPct, t)!.Value, 1e-12);
    }

    [Fact]
    public void Sum_population_ignores_unknown_populations_and_is_null_when_all_unknown()
    {
        var known = new KpiCounts { Population = 250.5, VisitsAttended = 10 };
        var unknown = new KpiCounts { Population = null, VisitsAttended = 5 };

        Assert.Equal(250.5, KpiFormulas.Sum([known, unknown]).Population);
        var none = KpiFormulas.Sum([unknown, new KpiCounts()]);
        Assert.Null(none.Population);
        Assert.Equal(5, none.VisitsAttended);
        Assert.Null(KpiFormulas.Value(Kpi.VisitsPer100Prisoners, none));
    }

    [Fact]
    public void Sum_has_a_prisoner_level_snapshot_if_any_part_has_one()
    {
        Assert.False(KpiFormulas.Sum([new KpiCounts(), new KpiCounts()]).HasPrisonerLevelSnapshot);
        Assert.True(KpiFormulas.Sum([new KpiCounts(), new KpiCounts { HasPrisonerLevelSnapshot = true }]).HasPrisonerLevelSnapshot);
    }

    [Fact]
    public void Sum_of_nothing_is_an_empty_month()
    {
        var t = KpiFormulas.Sum([]);
        Assert.Null(t.Population);
        Assert.Equal(0, t.VisitsAttended);
        Assert.False(t.HasPrisonerLevelSnapshot);
    }

    [Fact]
    public void Sum_does_not_change_its_inputs()
    {
        var a = Month();
        KpiFormulas.Sum([a, Month()]);
        Assert.Equal(400.0, a.Population);
        Assert.Equal(42.5, a.MedianDistanceMiles);
    }
}
