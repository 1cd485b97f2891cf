using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class StatisticsTests
{
    [Fact]
    public void Median_of_nothing_is_null()
    {
        Assert.Null(Statistics.Median([]));
    }

    [Fact]
    public void Median_of_odd_count_is_the_middle_value()
    {
        Assert.Equal(30.0, Statistics.Median([50, 10, 30]));
    }

    [Fact]
    public void Median_of_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(25.0, Statistics.Median([40, 10, 30, 20]));
        Assert.Equal(2.5, Statistics.Median([2, 3]));
    }

    [Fact]
    public void Median_does_not_reorder_the_input()
    {
        double[] values = [3, 1, 2];
        Statistics.Median(values);
        Assert.Equal([3.0, 1.0, 2.0], values);
    }

    [Fact]
    public void Median_by_selection_is_the_median_of_the_sorted_values()
    {
        // The median is found by a selection, not a sort; the quartiles' median is taken from the sorted values.
        var random = new Random(13);
        for (var trial = 0; trial < 3000; trial++)
        {
            var n = random.Next(1, 400);
            var distinct = trial % 3 == 0 ? 3 : trial % 3 == 1 ? 40 : int.MaxValue; // many ties, some, none
            var values = Enumerable.Range(0, n)
                .Select(_ => distinct == int.MaxValue ? random.NextDouble() * 300 : random.Next(distinct) * 12.5)
                .ToArray();
            Assert.Equal(Statistics.Quartiles(values)!.Median, Statistics.Median(values));
        }
        double[] ascending = [.. Enumerable.Range(0, 10_001).Select(i => (double)i)];
        Assert.Equal(5000.0, Statistics.Median(ascending));
        Assert.Equal(5000.0, Statistics.Median([.. ascending.Reverse()]));
        Assert.Equal(7.5, Statistics.Median([.. Enumerable.Repeat(7.5, 10_000)]));
    }

    [Fact]
    public void Quartiles_use_inclusive_linear_interpolation()
    {
        // Excel QUARTILE.INC({1..8}, 1) = 2.75 and (…, 3) = 6.25: h = (n−1)·p = 1.75 and 5.25.
        var q = Statistics.Quartiles([8, 1, 7, 2, 6, 3, 5, 4])!;
        Assert.Equal(new QuartileSummary(1, 2.75, 4.5, 6.25, 8), q);
    }

    [Fact]
    public void Quartiles_of_four_values()
    {
        Assert.Equal(new QuartileSummary(1, 1.75, 2.5, 3.25, 4), Statistics.Quartiles([1, 2, 3, 4]));
    }

    [Fact]
    public void Quartiles_of_three_values_interpolate_halfway()
    {
        Assert.Equal(new QuartileSummary(1, 2, 3, 5, 7), Statistics.Quartiles([7, 1, 3]));
    }

    [Fact]
    public void Quartiles_of_one_value_are_that_value()
    {
        Assert.Equal(new QuartileSummary(5, 5, 5, 5, 5), Statistics.Quartiles([5]));
    }

    [Fact]
    public void Quartiles_of_nothing_are_null()
    {
        Assert.Null(Statistics.Quartiles([]));
    }

    [Fact]
    public void Quantile_ends_are_min_and_max()
    {
        Assert.Equal(1.0, Statistics.Quantile([4, 1, 9], 0));
        Assert.Equal(9.0, Statistics.Quantile([4, 1, 9], 1));
        Assert.Equal(6.5, Statistics.Quantile([4, 1, 9], 0.75)); // h = 1.5: 4 + 0.5·(9 − 4)
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Quantile([1], 1.5));
    }
}
