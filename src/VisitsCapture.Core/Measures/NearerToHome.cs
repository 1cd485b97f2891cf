namespace VisitsCapture.Core.Measures;

/// <summary>An establishment's position, by code, for nearer-to-home look-ups.</summary>
public sealed record EstablishmentPlace(string Code, double Latitude, double Longitude);

/// <summary>
/// Nearer to home (DESIGN.md): a prisoner whose known home is farther than the local radius from the establishment
/// holding them while another establishment of the same function, open in the month, lies within the local radius of
/// that home. "Within" is the locality index's rule (<see cref="LocalityIndex.IsWithin"/>).
/// </summary>
public static class NearerToHome
{
    /// <summary>
    /// The codes of the establishments nearer to a home (nearest first), or an empty list when the prisoner is not a
    /// nearer-to-home case: home unknown, home within the radius of <paramref name="holding"/>, or no alternative.
    /// </summary>
    /// <param name="home">The home district's centroid, or null when the home is unknown.</param>
    /// <param name="holding">The establishment holding the prisoner.</param>
    /// <param name="sameFunctionOpen">The other establishments of the same function open in the month.</param>
    public static IReadOnlyList<string> Alternatives(
        (double Latitude, double Longitude)? home,
        EstablishmentPlace holding,
        IEnumerable<EstablishmentPlace> sameFunctionOpen,
        double radiusMiles)
    {
        ArgumentNullException.ThrowIfNull(holding);
        ArgumentNullException.ThrowIfNull(sameFunctionOpen);
        LocalityIndex.CheckRadius(radiusMiles);
        if (home is not { } h)
        {
            return [];
        }
        return Alternatives(MilesTo(h, holding), holding.Code, Within(h, sameFunctionOpen, radiusMiles), radiusMiles);
    }

    /// <summary>
    /// The same rule from distances already worked out, for many prisoners at once: the holding establishment's distance
    /// from the home, and the establishments of the same function within the radius of the home (<see cref="Within"/>,
    /// worked out once per home district).
    /// </summary>
    public static IReadOnlyList<string> Alternatives(double milesFromHolding, string holdingCode, IReadOnlyList<string> sameFunctionWithinRadius, double radiusMiles)
    {
        ArgumentNullException.ThrowIfNull(sameFunctionWithinRadius);
        LocalityIndex.CheckRadius(radiusMiles);
        if (LocalityIndex.IsWithin(milesFromHolding, radiusMiles))
        {
            return [];
        }
        // Shared, not copied, when the holding establishment is not among them (it is farther than the radius, unless it has moved since).
        return sameFunctionWithinRadius.Contains(holdingCode) ? sameFunctionWithinRadius.Where(code => code != holdingCode).ToList() : sameFunctionWithinRadius;
    }

    /// <summary>The codes of the establishments within the radius of a home, nearest first (then by code).</summary>
    public static IReadOnlyList<string> Within((double Latitude, double Longitude) home, IEnumerable<EstablishmentPlace> places, double radiusMiles)
    {
        ArgumentNullException.ThrowIfNull(places);
        LocalityIndex.CheckRadius(radiusMiles);
        // A great circle is never shorter than its difference in latitude along a meridian: places more than a mile
        // beyond the radius that way are skipped before the haversine (most of the country, for a 50-mile radius).
        var latitudeSpan = radiusMiles + 1;
        return places
            .Where(e => GreatCircle.EarthRadiusMiles * Math.Abs(GreatCircle.ToRadians(e.Latitude - home.Latitude)) <= latitudeSpan)
            .Select(e => (e.Code, Miles: MilesTo(home, e)))
            .Where(e => LocalityIndex.IsWithin(e.Miles, radiusMiles))
            .OrderBy(e => e.Miles).ThenBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => e.Code)
            .ToList();
    }

    private static double MilesTo((double Latitude, double Longitude) home, EstablishmentPlace e) =>
        GreatCircle.Miles(home.Latitude, home.Longitude, e.Latitude, e.Longitude);
}
