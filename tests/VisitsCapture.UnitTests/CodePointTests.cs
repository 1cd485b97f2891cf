using System.Globalization;
using System.Text.RegularExpressions;
using VisitsCapture.Core.Measures;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>
/// End-to-end check against the official OS Code-Point Open sample: district centroids computed from the WV and TF
/// files must agree with the published centroids built from the same postcodes.
/// </summary>
public class CodePointTests
{
    private const double MetresPerMile = 1609.344;

    private static List<(string Postcode, int Quality, double Easting, double Northing)> ReadCodePoint(string file)
    {
        // No header; Postcode, Positional_quality_indicator, Eastings, Northings, ... with quoted text fields.
        return File.ReadLines(SharedData.File("codepoint-open-sample", "Data", "CSV", file))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(f => f.Trim('"')).ToArray())
            .Select(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static Dictionary<string, (double Lat, double Lon, int Count, double E, double N)> ReadReference()
    {
        var lines = File.ReadAllLines(SharedData.File("outcodes", "gb_outcode_centroids_codepoint_open_2025.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"no column {name}");
        var (o, la, lo, c, e, n) = (Col("outcode"), Col("latitude"), Col("longitude"), Col("postcode_count"), Col("easting"), Col("northing"));
        return lines.Skip(1)
            .Select(l => l.Split(','))
            .Where(f => Regex.IsMatch(f[o], "^(WV|TF)[0-9]"))
            .ToDictionary(
                f => f[o],
                f => (double.Parse(f[la], CultureInfo.InvariantCulture), double.Parse(f[lo], CultureInfo.InvariantCulture),
                      int.Parse(f[c], CultureInfo.InvariantCulture), double.Parse(f[e], CultureInfo.InvariantCulture), double.Parse(f[n], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Every_WV_and_TF_district_is_within_50_metres_of_the_published_centroid()
    {
        var rows = ReadCodePoint("wv.csv").Concat(ReadCodePoint("tf.csv")).ToList();
        Assert.Equal(10642 + 7221, rows.Count);
        Assert.Contains(rows, r => r.Quality == CodePointCentroids.NoCoordinatesQuality); // the skip is exercised

        var computed = CodePointCentroids.Compute(rows).ToDictionary(c => c.Outcode);
        var reference = ReadReference();

        Assert.Equal(31, reference.Count);
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), computed.Keys.Order(StringComparer.Ordinal));
        foreach (var (outcode, r) in reference)
        {
            var c = computed[outcode];
            Assert.Equal(r.Count, c.PostcodeCount);
            Assert.Equal(r.E, c.Easting, 0.5 + 1e-9); // the published mean is rounded to the metre
            Assert.Equal(r.N, c.Northing, 0.5 + 1e-9);
            var metres = GreatCircle.Miles(c.Latitude, c.Longitude, r.Lat, r.Lon) * MetresPerMile;
            Assert.True(metres <= 50, $"{outcode}: {metres:F1} m from the published centroid");
        }
    }
}
