namespace VisitsCapture.Core.Measures;

/// <summary>
/// Converts OS National Grid eastings and northings (OSGB36, as in Code-Point Open) to WGS84 latitude and
/// longitude, following the Ordnance Survey "A guide to coordinate systems in Great Britain": inverse Transverse
/// Mercator on the Airy 1830 ellipsoid, then a Helmert 7-parameter shift via cartesian coordinates. The Helmert
/// step is good to a few metres, which is ample for postcode-district centroids.
/// </summary>
public static class BritishNationalGrid
{
    // Airy 1830 ellipsoid and the National Grid projection.
    private const double AiryA = 6377563.396;
    private const double AiryB = 6356256.909;
    private const double F0 = 0.9996012717;
    private const double E0 = 400000;
    private const double N0 = -100000;
    private static readonly double Phi0 = GreatCircle.ToRadians(49);
    private static readonly double Lambda0 = GreatCircle.ToRadians(-2);

    // WGS84 (GRS80) ellipsoid.
    private const double Wgs84A = 6378137.0;
    private const double Wgs84B = 6356752.314245;

    // OSGB36 → WGS84. The OS publishes WGS84 → OSGB36 as tx −446.448, ty +125.157, tz −542.060 m,
    // s +20.4894 ppm, rx −0.1502″, ry −0.2470″, rz −0.8421″; the reverse direction negates every parameter.
    private const double Tx = 446.448;
    private const double Ty = -125.157;
    private const double Tz = 542.060;
    private const double ScalePpm = -20.4894;
    private const double RxSeconds = 0.1502;
    private const double RySeconds = 0.2470;
    private const double RzSeconds = 0.8421;

    /// <summary>WGS84 latitude and longitude (decimal degrees) of a National Grid easting and northing (metres).</summary>
    public static (double Latitude, double Longitude) ToWgs84(double easting, double northing)
    {
        var (phi, lambda) = InverseTransverseMercator(easting, northing);
        var (x, y, z) = ToCartesian(phi, lambda, AiryA, AiryB);
        var (x2, y2, z2) = Helmert(x, y, z);
        var (lat, lon) = FromCartesian(x2, y2, z2, Wgs84A, Wgs84B);
        return (lat * 180 / Math.PI, lon * 180 / Math.PI);
    }

    /// <summary>OSGB36 latitude and longitude (decimal degrees) on the Airy ellipsoid, before the datum shift.</summary>
    public static (double Latitude, double Longitude) ToOsgb36(double easting, double northing)
    {
        var (phi, lambda) = InverseTransverseMercator(easting, northing);
        return (phi * 180 / Math.PI, lambda * 180 / Math.PI);
    }

    private static (double Phi, double Lambda) InverseTransverseMercator(double easting, double northing)
    {
        const double a = AiryA, b = AiryB;
        var e2 = 1 - b * b / (a * a);
        var n = (a - b) / (a + b);

        // Iterate the latitude until the meridional arc matches the northing to 0.01 mm.
        var phi = (northing - N0) / (a * F0) + Phi0;
        var m = MeridionalArc(phi, b, n);
        for (var i = 0; i < 100 && Math.Abs(northing - N0 - m) >= 0.00001; i++)
        {
            phi += (northing - N0 - m) / (a * F0);
            m = MeridionalArc(phi, b, n);
        }

        var sinPhi = Math.Sin(phi);
        var nu = a * F0 / Math.Sqrt(1 - e2 * sinPhi * sinPhi);
        var rho = a * F0 * (1 - e2) / Math.Pow(1 - e2 * sinPhi * sinPhi, 1.5);
        var eta2 = nu / rho - 1;
        var tan = Math.Tan(phi);
        var tan2 = tan * tan;
        var tan4 = tan2 * tan2;
        var tan6 = tan4 * tan2;
        var sec = 1 / Math.Cos(phi);

        var vii = tan / (2 * rho * nu);
        var viii = tan / (24 * rho * Math.Pow(nu, 3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
        var ix = tan / (720 * rho * Math.Pow(nu, 5)) * (61 + 90 * tan2 + 45 * tan4);
        var x = sec / nu;
        var xi = sec / (6 * Math.Pow(nu, 3)) * (nu / rho + 2 * tan2);
        var xii = sec / (120 * Math.Pow(nu, 5)) * (5 + 28 * tan2 + 24 * tan4);
        var xiia = sec / (5040 * Math.Pow(nu, 7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);

        var dE = easting - E0;
        var latitude = phi - vii * Math.Pow(dE, 2) + viii * Math.Pow(dE, 4) - ix * Math.Pow(dE, 6);
        var longitude = Lambda0 + x * dE - xi * Math.Pow(dE, 3) + xii * Math.Pow(dE, 5) - xiia * Math.Pow(dE, 7);
        return (latitude, longitude);
    }

    private static double MeridionalArc(double phi, double b, double n)
    {
        var n2 = n * n;
        var n3 = n2 * n;
        var dPhi = phi - Phi0;
        var sPhi = phi + Phi0;
        return b * F0 * (
            (1 + n + 5.0 / 4 * n2 + 5.0 / 4 * n3) * dPhi
            - (3 * n + 3 * n2 + 21.0 / 8 * n3) * Math.Sin(dPhi) * Math.Cos(sPhi)
            + (15.0 / 8 * n2 + 15.0 / 8 * n3) * Math.Sin(2 * dPhi) * Math.Cos(2 * sPhi)
            - 35.0 / 24 * n3 * Math.Sin(3 * dPhi) * Math.Cos(3 * sPhi));
    }

    private static (double X, double Y, double Z) ToCartesian(double phi, double lambda, double a, double b)
    {
        // Height is taken as zero: postcode positions carry none, and the effect on latitude is negligible.
        var e2 = 1 - b * b / (a * a);
        var sinPhi = Math.Sin(phi);
        var nu = a / Math.Sqrt(1 - e2 * sinPhi * sinPhi);
        return (nu * Math.Cos(phi) * Math.Cos(lambda), nu * Math.Cos(phi) * Math.Sin(lambda), (1 - e2) * nu * sinPhi);
    }

    private static (double X, double Y, double Z) Helmert(double x, double y, double z)
    {
        const double secondsToRadians = Math.PI / (180 * 3600);
        var s = ScalePpm * 1e-6;
        var rx = RxSeconds * secondsToRadians;
        var ry = RySeconds * secondsToRadians;
        var rz = RzSeconds * secondsToRadians;
        return (
            Tx + (1 + s) * x - rz * y + ry * z,
            Ty + rz * x + (1 + s) * y - rx * z,
            Tz - ry * x + rx * y + (1 + s) * z);
    }

    private static (double Phi, double Lambda) FromCartesian(double x, double y, double z, double a, double b)
    {
        var e2 = 1 - b * b / (a * a);
        var p = Math.Sqrt(x * x + y * y);
        var phi = Math.Atan2(z, p * (1 - e2));
        for (var i = 0; i < 100; i++)
        {
            var sinPhi = Math.Sin(phi);
            var nu = a / Math.Sqrt(1 - e2 * sinPhi * sinPhi);
            var next = Math.Atan2(z + e2 * nu * sinPhi, p);
            var converged = Math.Abs(next - phi) < 1e-12;
            phi = next;
            if (converged)
            {
                break;
            }
        }
        return (phi, Math.Atan2(y, x));
    }
}
