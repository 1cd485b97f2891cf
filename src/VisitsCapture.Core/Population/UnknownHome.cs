namespace VisitsCapture.Core.Population;

/// <summary>Why a prisoner's home is unknown. Fixed texts: never the postcode itself.</summary>
public static class UnknownHome
{
    public const string NoPostcode = "no home postcode given";
    public const string InvalidPostcode = "home postcode is not a valid UK postcode";
    public const string UnknownDistrict = "postcode district is not in the reference data";
    public const string NoCentroid = "district has no known centroid";
    public const string NoEstablishmentLocation = "establishment has no location";
}
