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
        if (home is not { } h || LocalityIndex.IsWithin(MilesTo(h, holding), radiusMiles))
        {
            return [];
        }
        return sameFunctionOpen
            .Where(e => e.Code != holding.Code)
            .Select(e => (e.Code, Miles: MilesTo(h, e)))
            .Where(e => LocalityIndex.IsWithin(e.Miles, radiusMiles))
            .OrderBy(e => e.Miles).ThenBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => e.Code)
            .ToList();
    }

    private static double MilesTo((double Latitude, double Longitude) home, EstablishmentPlace e) =>
        GreatCircle.Miles(home.Latitude, home.Longitude, e.Latitude, e.Longitude);
}
