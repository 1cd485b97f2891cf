using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class LocalityIndexTests
{
    [Fact]
    public void Computes_counts_mean_median_pli_and_bands()
    {
        double?[] distances = [10, 50, 50.5, 120, null, 30, null];

        var r = LocalityIndex.Compute(distances);

        Assert.Equal(5, r.KnownHomes);
        Assert.Equal(2, r.UnknownHomes);
        Assert.Equal(3, r.WithinRadius); // 10, 50 (equal to the radius counts as within) and 30
        Assert.Equal(260.5, r.SumMiles, 1e-9);
        Assert.Equal(52.1, r.MeanMiles!.Value, 1e-9);
        Assert.Equal(50.0, r.MedianMiles);
        Assert.Equal(60.0, r.PliPct);
        Assert.Equal(1, r.Bands[DistanceBand.Under25]);
        Assert.Equal(1, r.Bands[DistanceBand.From25To50]);
        Assert.Equal(2, r.Bands[DistanceBand.From50To75]);
        Assert.Equal(0, r.Bands[DistanceBand.From75To100]);
        Assert.Equal(1, r.Bands[DistanceBand.Over100]);
        Assert.Equal(2, r.Bands[DistanceBand.Unknown]);
    }

    [Fact]
    public void Distance_equal_to_a_custom_radius_is_within()
    {
        var r = LocalityIndex.Compute([25.0, 25.000001, 10], radiusMiles: 25);
        Assert.Equal(2, r.WithinRadius);
        Assert.Equal(200.0 / 3, r.PliPct!.Value, 1e-12);
    }

    [Fact]
    public void Even_number_of_known_homes_has_median_of_middle_two()
    {
        var r = LocalityIndex.Compute([40, null, 10, 30, 20]);
        Assert.Equal(25.0, r.MedianMiles);
        Assert.Equal(25.0, r.MeanMiles);
        Assert.Equal(100.0, r.PliPct);
    }

    [Fact]
    public void No_prisoners_gives_no_data_not_zero()
    {
        var r = LocalityIndex.Compute([]);
        Assert.Equal(0, r.KnownHomes);
        Assert.Equal(0, r.UnknownHomes);
        Assert.Null(r.PliPct);
        Assert.Null(r.MeanMiles);
        Assert.Null(r.MedianMiles);
        Assert.Equal(0, r.SumMiles);
        Assert.All(DistanceBands.All, b => Assert.Equal(0, r.Bands[b]));
    }

    [Fact]
    public void Only_unknown_homes_are_counted_but_give_no_pli()
    {
        var r = LocalityIndex.Compute([null, null, null]);
        Assert.Equal(3, r.UnknownHomes);
        Assert.Equal(3, r.Bands[DistanceBand.Unknown]);
        Assert.Null(r.PliPct);
        Assert.Null(r.MeanMiles);
    }

    [Fact]
    public void Nobody_within_radius_is_a_pli_of_zero()
    {
        Assert.Equal(0.0, LocalityIndex.Compute([60, 200]).PliPct);
    }

    [Fact]
    public void Pli_helper_is_null_without_known_homes()
    {
        Assert.Null(LocalityIndex.Pli(0, 0));
        Assert.Equal(75.0, LocalityIndex.Pli(3, 4));
    }

    [Fact]
    public void Negative_radius_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalityIndex.Compute([1.0], -1));
    }
}
