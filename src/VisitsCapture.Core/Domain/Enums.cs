namespace VisitsCapture.Core.Domain;

/// <summary>The kinds of visits session in DESIGN.md. <see cref="Official"/> is kept but excluded from every family-ties KPI.</summary>
public enum SessionType
{
    Social,
    EnhancedFamily,
    Closed,
    Official,
    Video,
}

public enum SessionStatus
{
    Planned,
    CancelledByEstablishment,
}

/// <summary>What happened to a visit. A visit has no outcome until one is recorded: it is never attended by default.</summary>
public enum VisitOutcome
{
    Attended,
    NoShow,
    CancelledByVisitor,
    CancelledByEstablishment,
    RefusedEntry,
    Terminated,
}

/// <summary>Relationship of the lead visitor to the prisoner.</summary>
public enum Relationship
{
    Partner,
    Parent,
    Child,
    Sibling,
    Grandparent,
    OtherFamily,
    Friend,
    Professional,
    Other,
}

/// <summary>Which address a prisoner's home district came from, in the MoJ method's order of preference.</summary>
public enum HomeSource
{
    Home,
    Court,
    NextOfKin,
    Discharge,
}

public enum PopulationSnapshotKind
{
    PrisonerLevel,
    CountOnly,
}

public enum LineageKind
{
    Merged,
    Renamed,
    ReRoled,
    Split,
}

public enum ReturnStatus
{
    Draft,
    SignedOff,
}

/// <summary>The roles of DESIGN.md. A user holds a role at an establishment, a region or nationally.</summary>
public static class Roles
{
    public const string VisitsStaff = nameof(VisitsStaff);
    public const string Governor = nameof(Governor);
    public const string PathwayLead = nameof(PathwayLead);
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All = [VisitsStaff, Governor, PathwayLead, Administrator];
}
