using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using Xunit;
using static VisitsCapture.UnitTests.KpiFixture;

namespace VisitsCapture.UnitTests;

/// <summary>Every KPI of the hand-computed fixture, as published (rounded half away from zero; "" = no data).</summary>
public class KpiFixtureTests
{
    private static string Published(Kpi kpi, KpiCounts c) => Rounding.Format(KpiFormulas.Value(kpi, c), KpiFormulas.Decimals(kpi));

    [Theory]
    [InlineData(Kpi.PlacesAvailable, "35")] // 20 + 10 + 5: not the Official 8, not the cancelled 20
    [InlineData(Kpi.CapacityRatio, "0.88")] // 35 / 40 = 0.875
    [InlineData(Kpi.VisitsAttended, "5")]
    [InlineData(Kpi.VisitsPer100Prisoners, "12.50")] // 100·5 / 40
    [InlineData(Kpi.Visitors, "12")]
    [InlineData(Kpi.ChildVisitors, "5")]
    [InlineData(Kpi.ChildVisitorsPer100Prisoners, "12.50")] // 100·5 / 40
    [InlineData(Kpi.EnhancedFamilyVisits, "2")]
    [InlineData(Kpi.UtilisationPct, "14.29")] // 100·5 / 35 = 14.2857…
    [InlineData(Kpi.PrisonerReachPct, "7.50")] // 100·3 / 40: the two prisoners visited twice count once
    [InlineData(Kpi.NoShowPct, "28.57")] // 100·2 / (5 + 2) = 28.571…
    [InlineData(Kpi.SessionsLost, "1")]
    [InlineData(Kpi.MeanDistanceMiles, "52.9")] // 2010 / 38 = 52.894…
    [InlineData(Kpi.MedianDistanceMiles, "45.0")]
    [InlineData(Kpi.PliPct, "50.00")] // 100·19 / 38
    public void Aaa_in_May(Kpi kpi, string expected) => Assert.Equal(expected, Published(kpi, AaaMay()));

    [Theory]
    [InlineData(Kpi.CapacityRatio, "0.67")] // 40 / 60
    [InlineData(Kpi.VisitsPer100Prisoners, "3.33")] // 200 / 60
    [InlineData(Kpi.UtilisationPct, "5.00")] // 200 / 40
    [InlineData(Kpi.NoShowPct, "0.00")] // 0 / (2 + 0): a real zero
    [InlineData(Kpi.MeanDistanceMiles, "")] // a count-only month has no distances
    [InlineData(Kpi.PliPct, "")]
    public void Aaa_in_April(Kpi kpi, string expected) => Assert.Equal(expected, Published(kpi, AaaApril()));

    [Theory]
    [InlineData(Kpi.CapacityRatio, "")]
    [InlineData(Kpi.VisitsPer100Prisoners, "")]
    [InlineData(Kpi.ChildVisitorsPer100Prisoners, "")]
    [InlineData(Kpi.PrisonerReachPct, "")]
    [InlineData(Kpi.VisitsAttended, "4")]
    [InlineData(Kpi.UtilisationPct, "33.33")] // 400 / 12
    public void No_population_gives_no_data_for_ratios_over_the_population(Kpi kpi, string expected) =>
        Assert.Equal(expected, Published(kpi, FffMay()));

    [Theory]
    [InlineData(Kpi.PlacesAvailable, "0")]
    [InlineData(Kpi.CapacityRatio, "0.00")] // 0 / 25: a real zero
    [InlineData(Kpi.VisitsPer100Prisoners, "0.00")]
    [InlineData(Kpi.UtilisationPct, "")] // 0 / 0: no data, never 0
    [InlineData(Kpi.NoShowPct, "")]
    [InlineData(Kpi.SessionsLost, "1")]
    public void Zero_capacity_gives_no_data_for_utilisation(Kpi kpi, string expected) =>
        Assert.Equal(expected, Published(kpi, CccMay()));
}

/// <summary>Quarterly, regional and national figures are ratios of sums (DESIGN.md), over the fixture.</summary>
public class KpiRollupTests
{
    private static string Published(Kpi kpi, KpiRollup r) => Rounding.Format(r.Value(kpi), KpiFormulas.Decimals(kpi));

    [Fact]
    public void Quarter_is_the_ratio_of_the_sums_of_its_months_not_the_average_of_their_ratios()
    {
        var q1 = KpiRollup.Sum([AaaApril(), AaaMay()]);

        Assert.Equal("0.75", Published(Kpi.CapacityRatio, q1)); // (40 + 35) / (60 + 40); the mean of 0.667 and 0.875 is 0.77
        Assert.Equal("7.00", Published(Kpi.VisitsPer100Prisoners, q1)); // 100·(2 + 5) / 100
        Assert.Equal("9.33", Published(Kpi.UtilisationPct, q1)); // 100·7 / 75
        Assert.Equal("7", Published(Kpi.VisitsAttended, q1));
        Assert.Equal("22.22", Published(Kpi.NoShowPct, q1)); // 100·(0 + 2) / (7 + 2)
    }

    [Fact]
    public void National_ratios_over_the_population_leave_out_establishments_without_one()
    {
        var national = KpiRollup.Sum(new[] { AaaMay(), BbbMay(), CccMay(), DddMay(), FffMay() }.Select(KpiRollup.Single));

        Assert.Equal("122", Published(Kpi.PlacesAvailable, national)); // 35 + 30 + 0 + 45 + 12
        Assert.Equal("0.96", Published(Kpi.CapacityRatio, national)); // (35 + 30 + 0 + 45) / (40 + 20 + 25 + 30) = 110 / 115; FFF has no P
        Assert.Equal("12.17", Published(Kpi.VisitsPer100Prisoners, national)); // 100·14 / 115
        Assert.Equal("18", Published(Kpi.VisitsAttended, national));
        Assert.Equal("14.75", Published(Kpi.UtilisationPct, national)); // 100·18 / 122
        Assert.Equal("2", Published(Kpi.SessionsLost, national));
        Assert.Equal("52.9", Published(Kpi.MeanDistanceMiles, national)); // only AAA has a prisoner-level snapshot
        Assert.Null(national.Value(Kpi.MedianDistanceMiles)); // medians do not add up: not available
        Assert.Equal(4, national.PartsWithPopulation);
    }

    [Fact]
    public void A_region_of_quarters_sums_establishment_months()
    {
        var aaa = KpiRollup.Sum([AaaApril(), AaaMay()]);
        var bbb = KpiRollup.Sum([BbbMay()]);

        var region = KpiRollup.Sum([aaa, bbb]);

        Assert.Equal("0.88", Published(Kpi.CapacityRatio, region)); // (40 + 35 + 30) / (60 + 40 + 20) = 105 / 120 = 0.875
        Assert.Equal(3, region.Parts.Count);
    }

    [Fact]
    public void A_single_month_keeps_its_median_distance_and_unknown_homes()
    {
        var may = KpiRollup.Single(AaaMay());

        Assert.Equal(45.0, may.Value(Kpi.MedianDistanceMiles));
        Assert.Equal(4, may.UnknownHomes);
        Assert.Equal("9.52", Rounding.Format(may.UnknownHomesPct, 2)); // 100·4 / 42
        Assert.Null(KpiRollup.Single(AaaApril()).UnknownHomes); // no prisoner-level snapshot
    }
}
