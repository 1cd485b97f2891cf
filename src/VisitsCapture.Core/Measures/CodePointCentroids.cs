namespace VisitsCapture.Core.Measures;

/// <summary>A postcode district's centroid: the mean National Grid position of its postcodes, converted to WGS84.</summary>
public sealed record DistrictCentroid(string Outcode, double Latitude, double Longitude, int PostcodeCount, double Easting, double Northing);

/// <summary>
/// Turns OS Code-Point Open rows (one per full postcode, British National Grid) into postcode-district centroids,
/// by the method of shared/data/outcodes/SOURCE.md: drop rows without coordinates, average eastings and northings
/// per district, then convert that mean to WGS84. Averaging on the grid (not in degrees) is what the reference
/// centroids were built from, so results agree with them.
/// </summary>
public static class CodePointCentroids
{
    /// <summary>Code-Point Open's positional quality indicator for a postcode with no coordinates.</summary>
    public const int NoCoordinatesQuality = 90;

    /// <summary>
    /// Centroids per district, ordered by outcode (ordinal). Throws <see cref="FormatException"/> for a postcode
    /// that is not a valid UK postcode, so that an importer never silently drops rows.
    /// </summary>
    public static IReadOnlyList<DistrictCentroid> Compute(IEnumerable<(string Postcode, int Quality, double Easting, double Northing)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sums = new Dictionary<string, (double E, double N, int Count)>(StringComparer.Ordinal);
        foreach (var (postcode, quality, easting, northing) in rows)
        {
            if (quality == NoCoordinatesQuality)
            {
                continue;
            }
            var district = PostcodeDistricts.ToDistrict(postcode)
                ?? throw new FormatException($"'{postcode}' is not a valid UK postcode.");
            sums.TryGetValue(district, out var s);
            sums[district] = (s.E + easting, s.N + northing, s.Count + 1);
        }

        return sums
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv =>
            {
                var e = kv.Value.E / kv.Value.Count;
                var n = kv.Value.N / kv.Value.Count;
                var (lat, lon) = BritishNationalGrid.ToWgs84(e, n);
                return new DistrictCentroid(kv.Key, lat, lon, kv.Value.Count, e, n);
            })
            .ToList();
    }
}
