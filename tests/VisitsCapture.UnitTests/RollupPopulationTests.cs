using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>
/// The population a roll-up over months reports (DESIGN.md Derived measures): an establishment's average monthly
/// population over the months that have one, and a group's sum of its establishments' averages; never a sum of
/// prisoner-months. Ratios over the population stay ratios of sums. Hand-computed.
/// </summary>
public class RollupPopulationTests
{
    private static KpiCounts Month(double? population, int places) => new() { Population = population, PlacesAvailable = places };

    // AAA holds 400 in April, has no snapshot in May and holds 430 in June; BBB holds 100, 110, 120.
    private static KpiRollup AaaQuarter() => KpiRollup.Sum([Month(400, 300), Month(null, 250), Month(430, 320)]);
    private static KpiRollup BbbQuarter() => KpiRollup.Sum([Month(100, 90), Month(110, 80), Month(120, 100)]);

    [Fact]
    public void An_establishments_quarter_reports_its_average_over_the_months_with_a_population()
    {
        var q = AaaQuarter();

        Assert.Equal(415.0, q.Population); // (400 + 430) / 2, not 830 and not 830 / 3
        Assert.Equal(0.7469879518072289, q.Value(Kpi.CapacityRatio)!.Value, 12); // (300 + 320) / (400 + 430): May left out
        Assert.Equal("870", Rounding.Format(q.Value(Kpi.PlacesAvailable), 0)); // every month's places
    }

    [Fact]
    public void A_groups_quarter_reports_the_sum_of_its_establishments_averages()
    {
        var group = KpiRollup.Sum([AaaQuarter(), BbbQuarter()]);

        Assert.Equal(525.0, group.Population); // 415 + (100 + 110 + 120) / 3 = 415 + 110
        Assert.Equal(890.0 / 1160, group.Value(Kpi.CapacityRatio)!.Value, 12); // (300 + 320 + 90 + 80 + 100) / (400 + 430 + 100 + 110 + 120)
        Assert.Equal(5, group.PartsWithPopulation);
    }

    [Fact]
    public void A_nation_of_groups_adds_their_populations_and_one_month_keeps_its_own()
    {
        var nation = KpiRollup.Sum([KpiRollup.Sum([AaaQuarter(), BbbQuarter()]), KpiRollup.Sum([KpiRollup.Single(Month(null, 10))])]);

        Assert.Equal(525.0, nation.Population); // the group without a population adds nothing
        Assert.Equal(40.5, KpiRollup.Single(Month(40.5, 1)).Population);
        Assert.Null(KpiRollup.Sum([Month(null, 5), Month(null, 6)]).Population);
    }
}
