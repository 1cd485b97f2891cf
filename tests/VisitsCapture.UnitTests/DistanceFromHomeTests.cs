using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>
/// Distance from home and the PLI end to end on a hand-computed fixture: HMP Featherstone (52.646887, -2.108748) and
/// real postcode district centroids. Expected miles computed independently (Python haversine, R = 3958.8 mi).
/// </summary>
public class DistanceFromHomeTests
{
    private const double PrisonLat = 52.646887, PrisonLon = -2.108748;

    private static readonly (string District, double Lat, double Lon, double Miles)[] Fixture =
    [
        ("WV10", 52.619152, -2.113524, 1.9268),
        ("B1", 52.479865, -1.909381, 14.2581),
        ("SY1", 52.722681, -2.740469, 26.9727),
        ("LL11", 53.063595, -3.036422, 48.2379),
        ("M1", 53.477477, -2.236222, 57.6324),
        ("CF10", 51.474772, -3.17318, 92.7522),
        ("SW1A", 51.504521, -0.13225, 115.2100),
        ("EH1", 55.950776, -3.192924, 232.4192),
    ];

    public static TheoryData<string, double, double, double> Districts =>
        new(Fixture.Select(f => new TheoryDataRow<string, double, double, double>(f.District, f.Lat, f.Lon, f.Miles)));

    [Theory]
    [MemberData(nameof(Districts))]
    public void Miles_from_the_district_centroid_to_the_prison(string district, double lat, double lon, double expected)
    {
        Assert.True(PostcodeDistricts.TryParse(district + " 1AA", out var cut) && cut == district);
        Assert.Equal(expected, GreatCircle.Miles(lat, lon, PrisonLat, PrisonLon), 0.0001);
    }

    [Fact]
    public void Pli_median_mean_and_bands_of_the_fixture_with_three_unknown_homes()
    {
        var distances = Fixture.Select(f => (double?)GreatCircle.Miles(f.Lat, f.Lon, PrisonLat, PrisonLon))
            .Concat([null, null, null])
            .ToList();

        var r = LocalityIndex.Compute(distances, 50);

        Assert.Equal((8, 3, 4), (r.KnownHomes, r.UnknownHomes, r.WithinRadius)); // WV10, B1, SY1, LL11 within 50 miles
        Assert.Equal(50.0, r.PliPct!.Value, 1e-9);
        Assert.Equal((48.2379 + 57.6324) / 2, r.MedianMiles!.Value, 0.0001); // even count: mean of the middle two
        Assert.Equal(589.4093 / 8, r.MeanMiles!.Value, 0.0001);
        Assert.Equal([2, 2, 1, 1, 2, 3], DistanceBands.All.Select(b => r.Bands[b]));

        // With a 25-mile radius only WV10 and B1 count; with 100 miles, six of the eight.
        Assert.Equal(25.0, LocalityIndex.Compute(distances, 25).PliPct!.Value, 1e-9);
        Assert.Equal(75.0, LocalityIndex.Compute(distances, 100).PliPct!.Value, 1e-9);
    }

    [Fact]
    public void Boundary_distances_go_in_the_upper_band_and_the_radius_counts_as_within()
    {
        double?[] distances = [24.9999, 25.0, 49.9999, 50.0, 50.0001, 75.0, 100.0, null];

        var r = LocalityIndex.Compute(distances, 50);

        Assert.Equal(1, r.Bands[DistanceBand.Under25]); // 24.9999
        Assert.Equal(2, r.Bands[DistanceBand.From25To50]); // 25.0 and 49.9999
        Assert.Equal(2, r.Bands[DistanceBand.From50To75]); // 50.0 and 50.0001
        Assert.Equal(1, r.Bands[DistanceBand.From75To100]); // 75.0
        Assert.Equal(1, r.Bands[DistanceBand.Over100]); // 100.0
        Assert.Equal(1, r.Bands[DistanceBand.Unknown]);
        Assert.Equal(4, r.WithinRadius); // 50.0 is in the 50-75 band but within a 50-mile radius
        Assert.Equal(400.0 / 7, r.PliPct!.Value, 1e-9);
    }

    [Fact]
    public void Odd_number_of_known_homes_has_the_middle_value_as_median_and_unknowns_do_not_move_it()
    {
        var r = LocalityIndex.Compute([90, null, 10, null, 30]);
        Assert.Equal(30.0, r.MedianMiles);
        Assert.Equal(130.0 / 3, r.MeanMiles!.Value, 1e-12);
        Assert.Equal(2, r.UnknownHomes);
        Assert.Equal(200.0 / 3, r.PliPct!.Value, 1e-12); // 2 of 3 known, not 2 of 5 prisoners
    }
}
