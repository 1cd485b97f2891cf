using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>Expected values computed independently (Python haversine, R = 3958.8 mi).</summary>
public class GreatCircleTests
{
    [Theory]
    [InlineData(51.5074, -0.1278, 52.4862, -1.8904, 100.97136)] // London → Birmingham
    [InlineData(52.4862, -1.8904, 52.5862, -2.1288, 12.17069)] // Birmingham → Wolverhampton
    [InlineData(51.5074, -0.1278, 55.9533, -3.1883, 331.59980)] // London → Edinburgh
    [InlineData(0, 0, 0, 1, 69.09409)] // one degree of the equator = 2πR/360
    [InlineData(0, 0, 0, 180, 12436.93700)] // antipodes = πR
    [InlineData(52.6, -2.1, 52.6, -2.1, 0)]
    public void Miles_matches_independent_computation(double lat1, double lon1, double lat2, double lon2, double expected)
    {
        Assert.Equal(expected, GreatCircle.Miles(lat1, lon1, lat2, lon2), 0.01);
    }

    [Fact]
    public void Distance_is_symmetric()
    {
        Assert.Equal(GreatCircle.Miles(51.5074, -0.1278, 52.4862, -1.8904), GreatCircle.Miles(52.4862, -1.8904, 51.5074, -0.1278), 1e-9);
    }

    [Fact]
    public void Earth_radius_is_the_designed_value()
    {
        Assert.Equal(3958.8, GreatCircle.EarthRadiusMiles);
    }
}
