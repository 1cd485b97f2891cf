using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

public class BritishNationalGridTests
{
    private const double MetresPerMile = 1609.344;

    private static double Dms(int degrees, int minutes, double seconds) => degrees + minutes / 60.0 + seconds / 3600.0;

    [Fact]
    public void Inverse_projection_matches_the_OS_worked_example()
    {
        // OS "A guide to coordinate systems in Great Britain", annex C: E 651409.903, N 313177.270
        // is OSGB36 52°39′27.2531″N, 1°43′4.5177″E.
        var (lat, lon) = BritishNationalGrid.ToOsgb36(651409.903, 313177.270);
        Assert.Equal(Dms(52, 39, 27.2531), lat, 1e-6);
        Assert.Equal(Dms(1, 43, 4.5177), lon, 1e-6);
    }

    [Fact]
    public void True_origin_is_49_north_2_west()
    {
        var (lat, lon) = BritishNationalGrid.ToOsgb36(400000, -100000);
        Assert.Equal(49.0, lat, 1e-9);
        Assert.Equal(-2.0, lon, 1e-9);
    }

    [Fact]
    public void Wgs84_of_the_worked_example_is_within_a_metre_of_the_published_value()
    {
        // TG 51409 13177 → WGS84 52°39′28.72″N, 001°42′57.79″E (Movable Type's OS grid converter, same Helmert
        // parameters; also reproduced by an independent Python implementation: 28.7229″, 57.7870″).
        var (lat, lon) = BritishNationalGrid.ToWgs84(651409.903, 313177.270);
        var metres = GreatCircle.Miles(lat, lon, Dms(52, 39, 28.72), Dms(1, 42, 57.79)) * MetresPerMile;
        Assert.True(metres < 1.0, $"{metres:F2} m from the published position");
    }

    [Fact]
    public void Datum_shift_moves_the_point_by_about_a_hundred_metres()
    {
        // OSGB36 and WGS84 differ by roughly 100-150 m in England: a sign error in the Helmert parameters
        // doubles rather than cancels the shift, which this catches.
        var osgb = BritishNationalGrid.ToOsgb36(392411, 302382);
        var wgs = BritishNationalGrid.ToWgs84(392411, 302382);
        var metres = GreatCircle.Miles(osgb.Latitude, osgb.Longitude, wgs.Latitude, wgs.Longitude) * MetresPerMile;
        Assert.InRange(metres, 60, 160);
    }
}
