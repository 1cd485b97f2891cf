using System.Linq.Expressions;

namespace VisitsCapture.Core.Domain;

/// <summary>
/// A prison or YOI. The columns hold the attributes in force now; every change is also kept, effective-dated,
/// in <see cref="History"/>, so a past month is reported with the attributes it had then.
/// </summary>
public class Establishment : IAudited
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Region { get; set; } = "";
    public string Function { get; set; } = "";
    public bool Contracted { get; set; }
    public int? OperationalCapacity { get; set; }
    public int? Cna { get; set; }
    public string? Postcode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>True when the coordinates are the postcode district's centroid rather than the site itself.</summary>
    public bool LocationApproximate { get; set; }

    public DateOnly? OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    public List<EstablishmentAttributes> History { get; set; } = [];

    public bool IsOpenOn(DateOnly date) =>
        (OpenedOn is null || OpenedOn <= date) && (ClosedOn is null || ClosedOn > date);

    /// <summary>Establishments open on at least one day of the month (as <see cref="IsOpenOn"/>): those a return is expected from.</summary>
    public static Expression<Func<Establishment, bool>> OpenDuring(YearMonth month)
    {
        var (first, last) = (month.FirstDay, month.LastDay);
        return e => (e.OpenedOn == null || e.OpenedOn <= last) && (e.ClosedOn == null || e.ClosedOn > first);
    }

    /// <summary>The attributes effective on a date (the newest history row starting on or before it), else the current ones.</summary>
    public EstablishmentAttributes AttributesOn(DateOnly date) =>
        History.Where(h => h.EffectiveFrom <= date).MaxBy(h => h.EffectiveFrom) ?? EstablishmentAttributes.Of(this, date);
}

/// <summary>One effective-dated version of an establishment's attributes. Never updated: a change adds a row.</summary>
public class EstablishmentAttributes
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public required string Name { get; set; }
    public string Region { get; set; } = "";
    public string Function { get; set; } = "";
    public bool Contracted { get; set; }
    public int? OperationalCapacity { get; set; }
    public int? Cna { get; set; }
    public string? Postcode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public bool LocationApproximate { get; set; }
    public DateTime RecordedAt { get; set; }

    public static EstablishmentAttributes Of(Establishment e, DateOnly effectiveFrom) => new()
    {
        EstablishmentId = e.Id,
        EffectiveFrom = effectiveFrom,
        Name = e.Name,
        Region = e.Region,
        Function = e.Function,
        Contracted = e.Contracted,
        OperationalCapacity = e.OperationalCapacity,
        Cna = e.Cna,
        Postcode = e.Postcode,
        Latitude = e.Latitude,
        Longitude = e.Longitude,
        LocationApproximate = e.LocationApproximate,
    };

    public bool SameAttributesAs(EstablishmentAttributes o) =>
        Name == o.Name && Region == o.Region && Function == o.Function && Contracted == o.Contracted
        && OperationalCapacity == o.OperationalCapacity && Cna == o.Cna && Postcode == o.Postcode
        && Latitude == o.Latitude && Longitude == o.Longitude && LocationApproximate == o.LocationApproximate;
}

/// <summary>How establishments became others: Blakenhurst, Brockhill and Hewell Grange were merged into HMP Hewell.</summary>
public class EstablishmentLineage : IAudited
{
    public int Id { get; set; }
    public int PredecessorId { get; set; }
    public Establishment? Predecessor { get; set; }
    public int SuccessorId { get; set; }
    public Establishment? Successor { get; set; }
    public LineageKind Kind { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public string? Note { get; set; }
}
