namespace VisitsCapture.Core.Domain;

/// <summary>An establishment's population on a snapshot date: prisoner-level rows, or the count alone.</summary>
public class PopulationSnapshot
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public DateOnly SnapshotDate { get; set; }
    public int Month { get; set; }
    public PopulationSnapshotKind Kind { get; set; }

    /// <summary>Prisoners on the date: the row count of a prisoner-level snapshot, or the given count.</summary>
    public int Population { get; set; }
    public DateTime ImportedAt { get; set; }
    public List<PopulationRecord> Records { get; set; } = [];
}

/// <summary>One prisoner in a prisoner-level snapshot, with the home postcode district (never the full postcode).</summary>
public class PopulationRecord
{
    public long Id { get; set; }
    public int SnapshotId { get; set; }
    public required string Prisoner { get; set; }

    /// <summary>The district (outcode), or null when the postcode given was missing or invalid.</summary>
    public string? HomeDistrict { get; set; }
    public HomeSource? HomeSource { get; set; }

    /// <summary>Why the home is unknown, when it is (no postcode given, invalid postcode). Never contains the postcode.</summary>
    public string? UnknownHomeReason { get; set; }
}

/// <summary>A postcode district (outcode) centroid, with the local authority holding most of its postcodes.</summary>
public class PostcodeDistrict
{
    public required string Outcode { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public string? LocalAuthorityName { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public string Source { get; set; } = "";
}
