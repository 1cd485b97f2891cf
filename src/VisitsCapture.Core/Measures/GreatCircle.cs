namespace VisitsCapture.Core.Measures;

/// <summary>Great-circle distances on a spherical Earth, as DESIGN.md defines distance from home.</summary>
public static class GreatCircle
{
    /// <summary>Mean Earth radius in statute miles, fixed by DESIGN.md so that every distance is reproducible.</summary>
    public const double EarthRadiusMiles = 3958.8;

    /// <summary>Haversine distance in miles between two WGS84 points given in decimal degrees.</summary>
    public static double Miles(double lat1, double lon1, double lat2, double lon2)
    {
        var phi1 = ToRadians(lat1);
        var phi2 = ToRadians(lat2);
        var dPhi = phi2 - phi1;
        var dLambda = ToRadians(lon2 - lon1);
        var h = Math.Pow(Math.Sin(dPhi / 2), 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Pow(Math.Sin(dLambda / 2), 2);
        // Clamp: rounding can push h a hair above 1 for antipodal points, and Asin would return NaN.
        return 2 * EarthRadiusMiles * Math.Asin(Math.Sqrt(Math.Min(1.0, h)));
    }

    internal static double ToRadians(double degrees) => degrees * Math.PI / 180.0;
}
