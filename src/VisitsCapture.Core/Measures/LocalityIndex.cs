using System.Runtime.InteropServices;

namespace VisitsCapture.Core.Measures;

/// <summary>Distance-from-home summary of one population snapshot.</summary>
public sealed record LocalityResult(
    int KnownHomes,
    int UnknownHomes,
    int WithinRadius,
    double SumMiles,
    double? MeanMiles,
    double? MedianMiles,
    double? PliPct,
    IReadOnlyDictionary<DistanceBand, int> Bands);

/// <summary>
/// The population locality index (PLI): the percentage of prisoners with a known home whose home is within the
/// local radius of the establishment. Unknown homes are counted, never treated as a distance of zero.
/// </summary>
public static class LocalityIndex
{
    public const double DefaultRadiusMiles = 50;

    /// <summary>Whether a home this far away is local: a distance equal to the radius counts as within.</summary>
    public static bool IsWithin(double miles, double radiusMiles) => miles <= radiusMiles;

    /// <param name="distancesMiles">One entry per prisoner in the snapshot; null where the home is unknown.</param>
    /// <param name="radiusMiles">The local radius; a distance equal to it counts as within.</param>
    public static LocalityResult Compute(IEnumerable<double?> distancesMiles, double radiusMiles = DefaultRadiusMiles)
    {
        ArgumentNullException.ThrowIfNull(distancesMiles);
        CheckRadius(radiusMiles);

        // Sized up front and counted in an array: the national comparison computes this over ~86,000 prisoners three times a request.
        var known = distancesMiles.TryGetNonEnumeratedCount(out var count) ? new List<double>(count) : [];
        var unknown = 0;
        var within = 0;
        var bands = new int[DistanceBands.All.Count];
        foreach (var d in distancesMiles)
        {
            bands[(int)DistanceBands.Of(d)]++; // also rejects NaN and negative distances
            if (d is { } miles)
            {
                known.Add(miles);
                if (IsWithin(miles, radiusMiles))
                {
                    within++;
                }
            }
            else
            {
                unknown++;
            }
        }

        var sum = known.Sum();
        return new LocalityResult(
            known.Count,
            unknown,
            within,
            sum,
            known.Count == 0 ? null : sum / known.Count,
            known.Count == 0 ? null : Statistics.MedianInPlace(CollectionsMarshal.AsSpan(known)),
            Pli(within, known.Count),
            DistanceBands.All.ToDictionary(b => b, b => bands[(int)b]));
    }

    /// <summary>100·within/known; null (no data, not 0) when nobody has a known home.</summary>
    public static double? Pli(int withinRadius, int knownHomes) =>
        knownHomes == 0 ? null : 100.0 * withinRadius / knownHomes;

    internal static void CheckRadius(double radiusMiles)
    {
        if (double.IsNaN(radiusMiles) || radiusMiles < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMiles), radiusMiles, "The radius must be a non-negative number of miles.");
        }
    }
}
