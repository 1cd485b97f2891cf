using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class PopulationMovementTests
{
    [Fact]
    public void Hand_fixture_decomposes_the_change()
    {
        var previous = new Dictionary<string, double?>
        {
            ["A1111AA"] = 10, ["B2222BB"] = 60, ["C3333CC"] = null, ["D4444DD"] = 40, ["E5555EE"] = 80,
        };
        var current = new Dictionary<string, double?>
        {
            ["A1111AA"] = 10, ["B2222BB"] = 50, ["D4444DD"] = 40, ["F6666FF"] = 20, ["G7777GG"] = 100, ["H8888HH"] = null,
        };

        var r = PopulationMovement.Decompose(previous, current, 50);

        // Previous: known A, B, D, E; within A, D → 50%. Current: known A, B, D, F, G; within A, B (= radius), D, F → 80%.
        Assert.Equal(50.0, r.PreviousPli);
        Assert.Equal(80.0, r.CurrentPli);
        Assert.Equal(30.0, r.PliChange!.Value, 1e-9);
        // Stayers A, B, D: before 2 of 3 within (66.67%), after 3 of 3 (100%).
        Assert.Equal(200.0 / 3 - 50, r.LeftContribution!.Value, 1e-9);
        Assert.Equal(100 - 200.0 / 3, r.StayedContribution!.Value, 1e-9);
        Assert.Equal(-20.0, r.ArrivedContribution!.Value, 1e-9);

        Assert.Equal(new MovementGroup(3, 2, 60), r.Arrived);
        Assert.Equal(new MovementGroup(2, 1, 80), r.Left);
        Assert.Equal(3, r.Stayed.Count);
        Assert.Equal(3, r.Stayed.KnownHomes);
        Assert.Equal(100.0 / 3, r.Stayed.MeanMiles!.Value, 1e-9); // (10 + 50 + 40) / 3, current distances
    }

    [Fact]
    public void Intermediate_set_without_known_homes_counts_as_zero_for_its_step()
    {
        var previous = new Dictionary<string, double?> { ["A"] = 10, ["B"] = null };
        var current = new Dictionary<string, double?> { ["B"] = null, ["C"] = 70 };

        var r = PopulationMovement.Decompose(previous, current, 50);

        Assert.Equal(100.0, r.PreviousPli);
        Assert.Equal(0.0, r.CurrentPli);
        Assert.Equal(-100.0, r.PliChange);
        Assert.Equal(-100.0, r.LeftContribution); // stayer B has no known home: PLI taken as 0
        Assert.Equal(0.0, r.StayedContribution);
        Assert.Equal(0.0, r.ArrivedContribution);
        Assert.Equal(new MovementGroup(1, 0, null), r.Stayed);
    }

    [Fact]
    public void End_month_without_known_homes_has_no_change_to_explain()
    {
        var previous = new Dictionary<string, double?> { ["A"] = null, ["B"] = null };
        var current = new Dictionary<string, double?> { ["B"] = 10, ["C"] = 70 };

        var r = PopulationMovement.Decompose(previous, current, 50);

        Assert.Null(r.PreviousPli);
        Assert.Equal(50.0, r.CurrentPli);
        Assert.Null(r.PliChange);
        Assert.Null(r.LeftContribution);
        Assert.Null(r.StayedContribution);
        Assert.Null(r.ArrivedContribution);
        Assert.Equal(new MovementGroup(1, 0, null), r.Left);
        Assert.Equal(new MovementGroup(1, 1, 70), r.Arrived);
    }

    [Fact]
    public void Empty_snapshots_give_empty_groups_and_no_change()
    {
        var r = PopulationMovement.Decompose(new Dictionary<string, double?>(), new Dictionary<string, double?>(), 50);
        Assert.Equal(new MovementGroup(0, 0, null), r.Arrived);
        Assert.Equal(new MovementGroup(0, 0, null), r.Left);
        Assert.Equal(new MovementGroup(0, 0, null), r.Stayed);
        Assert.Null(r.PliChange);
    }

    [Fact]
    public void Contributions_sum_to_the_total_change_on_random_populations()
    {
        var random = new Random(20250401);
        var checkedCount = 0;
        for (var iteration = 0; iteration < 500; iteration++)
        {
            var radius = random.Next(10, 80);
            var previous = RandomPopulation(random);
            var current = new Dictionary<string, double?>();
            foreach (var (id, d) in previous)
            {
                var roll = random.NextDouble();
                if (roll < 0.5)
                {
                    current[id] = d; // stayed, same home
                }
                else if (roll < 0.7)
                {
                    current[id] = RandomDistance(random); // stayed, home district changed
                }
            }
            foreach (var (id, d) in RandomPopulation(random))
            {
                current.TryAdd(id, d); // arrivals (ids already present are stayers)
            }

            var r = PopulationMovement.Decompose(previous, current, radius);

            Assert.Equal(LocalityIndex.Compute(previous.Values, radius).PliPct, r.PreviousPli);
            Assert.Equal(LocalityIndex.Compute(current.Values, radius).PliPct, r.CurrentPli);
            Assert.Equal(previous.Count, r.Left.Count + r.Stayed.Count);
            Assert.Equal(current.Count, r.Arrived.Count + r.Stayed.Count);
            if (r.PliChange is { } change)
            {
                checkedCount++;
                Assert.Equal(r.CurrentPli!.Value - r.PreviousPli!.Value, change, 1e-9);
                var sum = r.LeftContribution!.Value + r.StayedContribution!.Value + r.ArrivedContribution!.Value;
                Assert.Equal(change, sum, 1e-9);
            }
            else
            {
                Assert.True(r.PreviousPli is null || r.CurrentPli is null);
                Assert.Null(r.LeftContribution);
                Assert.Null(r.StayedContribution);
                Assert.Null(r.ArrivedContribution);
            }
        }
        Assert.True(checkedCount > 400, $"only {checkedCount} iterations had a PLI change to check");
    }

    private static Dictionary<string, double?> RandomPopulation(Random random)
    {
        var population = new Dictionary<string, double?>();
        var n = random.Next(0, 40);
        for (var i = 0; i < n; i++)
        {
            population[$"P{random.Next(0, 60):D4}"] = RandomDistance(random);
        }
        return population;
    }

    private static double? RandomDistance(Random random) =>
        random.NextDouble() < 0.15 ? null : Math.Round(random.NextDouble() * 200, 1);
}
