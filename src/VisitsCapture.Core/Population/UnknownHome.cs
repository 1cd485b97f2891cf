using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Population;

/// <summary>Why a prisoner's home is unknown. Fixed texts: never the postcode itself.</summary>
public static class UnknownHome
{
    public const string NoPostcode = "no home postcode given";
    public const string InvalidPostcode = "home postcode is not a valid UK postcode";
    public const string UnknownDistrict = "postcode district is not in the reference data";
    public const string NoCentroid = "district has no known centroid";
    public const string NoEstablishmentLocation = "establishment has no location";

    /// <summary>
    /// The district of a home postcode, or why the home is unknown. The reason never contains the postcode. A
    /// well-formed district missing from the reference data is kept (a later outcode import may know it).
    /// </summary>
    public static (string? District, string? UnknownReason) HomeOf(string postcode, IReadOnlySet<string> knownDistricts)
    {
        if (string.IsNullOrWhiteSpace(postcode))
        {
            return (null, UnknownHome.NoPostcode);
        }
        if (!PostcodeDistricts.TryParse(postcode, out var district))
        {
            return (null, UnknownHome.InvalidPostcode);
        }
        return knownDistricts.Contains(district) ? (district, null) : (district, UnknownHome.UnknownDistrict);
    }
}
