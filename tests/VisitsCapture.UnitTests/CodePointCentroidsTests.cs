using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class CodePointCentroidsTests
{
    [Fact]
    public void Averages_eastings_and_northings_per_district_and_skips_quality_90()
    {
        var rows = new List<(string, int, double, double)>
        {
            ("B1  1AA", 10, 400000, 300000),
            ("b11ab", 10, 400010, 300020), // unspaced, lower case: same district
            ("B1  1AD", 90, 0, 0), // no coordinates
            ("WV10 6AA", 20, 392411, 302382),
        };

        var result = CodePointCentroids.Compute(rows);

        Assert.Equal(["B1", "WV10"], result.Select(r => r.Outcode));
        var b1 = result[0];
        Assert.Equal(2, b1.PostcodeCount);
        Assert.Equal(400005, b1.Easting);
        Assert.Equal(300010, b1.Northing);
        var expected = BritishNationalGrid.ToWgs84(400005, 300010);
        Assert.Equal(expected.Latitude, b1.Latitude);
        Assert.Equal(expected.Longitude, b1.Longitude);
        Assert.Equal(1, result[1].PostcodeCount);
    }

    [Fact]
    public void A_district_with_only_quality_90_rows_is_left_out()
    {
        var result = CodePointCentroids.Compute([("TF1 1AA", 90, 0, 0)]);
        Assert.Empty(result);
    }

    [Fact]
    public void No_rows_gives_no_centroids()
    {
        Assert.Empty(CodePointCentroids.Compute([]));
    }

    [Fact]
    public void An_invalid_postcode_is_an_error_not_a_silent_skip()
    {
        var ex = Assert.Throws<FormatException>(() => CodePointCentroids.Compute([("NOT A POSTCODE", 10, 1, 1)]));
        Assert.Contains("NOT A POSTCODE", ex.Message);
    }
}
