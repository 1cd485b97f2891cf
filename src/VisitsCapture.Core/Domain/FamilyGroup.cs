namespace VisitsCapture.Core.Domain;

/// <summary>A named comparator group of establishments with the same function.</summary>
public class FamilyGroup : IAudited
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Function { get; set; } = "";
    public List<FamilyGroupMembership> Memberships { get; set; } = [];
}

/// <summary>
/// An establishment's membership of a family group from one month to another (inclusive, months as yyyymm;
/// <see cref="ToMonth"/> null = still a member). An establishment belongs to exactly one group in a month.
/// </summary>
public class FamilyGroupMembership : IAudited
{
    public int Id { get; set; }
    public int FamilyGroupId { get; set; }
    public FamilyGroup? FamilyGroup { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public int FromMonth { get; set; }
    public int? ToMonth { get; set; }

    public bool Covers(YearMonth month) => FromMonth <= month.Key && (ToMonth is null || ToMonth >= month.Key);
}
