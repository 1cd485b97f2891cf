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

    /// <summary>
    /// The attributes effective on a date: the history row starting latest on or before it (of rows starting the same
    /// day, the one recorded last), else the current ones.
    /// </summary>
    public EstablishmentAttributes AttributesOn(DateOnly date) =>
        Versions().LastOrDefault(h => h.EffectiveFrom <= date) ?? EstablishmentAttributes.Of(this, date);

    /// <summary>History in effect order: by the date it starts, then by when it was recorded (a later correction wins).</summary>
    public IEnumerable<EstablishmentAttributes> Versions() => History.OrderBy(h => h.EffectiveFrom).ThenBy(h => h.RecordedAt).ThenBy(h => h.Id == 0 ? int.MaxValue : h.Id);

    /// <summary>Each change of function (a re-role) in the versions in force (the last recorded of each date): when, from what, to what.</summary>
    public IReadOnlyList<(DateOnly On, string From, string To)> ReRoles()
    {
        var roles = new List<(DateOnly, string, string)>();
        EstablishmentAttributes? previous = null;
        foreach (var v in Versions().GroupBy(h => h.EffectiveFrom).Select(g => g.Last()))
        {
            if (previous is not null && previous.Function != v.Function)
            {
                roles.Add((v.EffectiveFrom, previous.Function, v.Function));
            }
            previous = v;
        }
        return roles;
    }

    /// <summary>
    /// Records that from a date (past or today) the establishment had these attributes. History is only ever added to:
    /// a new version from the date; each later version, where it still had the old value of a changed attribute, is
    /// superseded by a newly recorded copy carrying the new value (so a back-dated re-role is not undone by a later
    /// import-day row); the current columns become the version in force today. Returns false when nothing changes.
    /// </summary>
    public bool ChangeFrom(DateOnly from, DateOnly today, DateTime now, Action<EstablishmentAttributes> change)
    {
        var before = AttributesOn(from);
        var after = Copy(before, from, now);
        change(after);
        if (after.SameAttributesAs(before))
        {
            return false;
        }
        if (!History.Any(h => h.EffectiveFrom <= from))
        {
            // What it was before the change, so earlier months keep being reported as they were.
            History.Add(Copy(before, OpenedOn is { } o && o < from ? o : DateOnly.MinValue, now));
        }
        var later = Versions().Where(h => h.EffectiveFrom > from).GroupBy(h => h.EffectiveFrom).Select(g => g.Last()).ToList();
        History.Add(after);
        foreach (var version in later)
        {
            var carried = Copy(version, version.EffectiveFrom, now);
            carried.Carry(before, after);
            if (!carried.SameAttributesAs(version))
            {
                History.Add(carried);
            }
        }
        var current = AttributesOn(today);
        (Name, Region, Function, Contracted, OperationalCapacity, Cna) = (current.Name, current.Region, current.Function, current.Contracted, current.OperationalCapacity, current.Cna);
        return true;
    }

    private static EstablishmentAttributes Copy(EstablishmentAttributes a, DateOnly from, DateTime now) => new()
    {
        EstablishmentId = a.EstablishmentId, EffectiveFrom = from, RecordedAt = now, Name = a.Name, Region = a.Region, Function = a.Function,
        Contracted = a.Contracted, OperationalCapacity = a.OperationalCapacity, Cna = a.Cna, Postcode = a.Postcode, Latitude = a.Latitude,
        Longitude = a.Longitude, LocationApproximate = a.LocationApproximate,
    };
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

    /// <summary>Takes each attribute the admin changed (before → after) where this version still had the old value.</summary>
    internal void Carry(EstablishmentAttributes before, EstablishmentAttributes after)
    {
        if (Name == before.Name) { Name = after.Name; }
        if (Region == before.Region) { Region = after.Region; }
        if (Function == before.Function) { Function = after.Function; }
        if (Contracted == before.Contracted) { Contracted = after.Contracted; }
        if (OperationalCapacity == before.OperationalCapacity) { OperationalCapacity = after.OperationalCapacity; }
        if (Cna == before.Cna) { Cna = after.Cna; }
    }

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
