using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class DistanceBandsTests
{
    [Theory]
    [InlineData(0.0, DistanceBand.Under25)]
    [InlineData(24.999, DistanceBand.Under25)]
    [InlineData(25.0, DistanceBand.From25To50)]
    [InlineData(49.999, DistanceBand.From25To50)]
    [InlineData(50.0, DistanceBand.From50To75)]
    [InlineData(74.999, DistanceBand.From50To75)]
    [InlineData(75.0, DistanceBand.From75To100)]
    [InlineData(99.999, DistanceBand.From75To100)]
    [InlineData(100.0, DistanceBand.Over100)]
    [InlineData(600.0, DistanceBand.Over100)]
    [InlineData(null, DistanceBand.Unknown)]
    public void Lower_bound_is_included_and_upper_bound_excluded(double? miles, DistanceBand expected)
    {
        Assert.Equal(expected, DistanceBands.Of(miles));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_negative_or_NaN_distance_is_a_bug_not_a_band(double miles)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DistanceBands.Of(miles));
    }

    [Theory]
    [InlineData(DistanceBand.Under25, "Under 25 miles")]
    [InlineData(DistanceBand.From25To50, "25 to 50 miles")]
    [InlineData(DistanceBand.From50To75, "50 to 75 miles")]
    [InlineData(DistanceBand.From75To100, "75 to 100 miles")]
    [InlineData(DistanceBand.Over100, "Over 100 miles")]
    [InlineData(DistanceBand.Unknown, "Unknown")]
    public void Labels(DistanceBand band, string expected)
    {
        Assert.Equal(expected, DistanceBands.Label(band));
    }

    [Fact]
    public void All_lists_every_band_once_with_unknown_last()
    {
        Assert.Equal(Enum.GetValues<DistanceBand>(), DistanceBands.All);
        Assert.Equal(DistanceBand.Unknown, DistanceBands.All[^1]);
    }
}
