namespace VisitsCapture.Core.Domain;

/// <summary>A key performance target for one KPI, set for an establishment or for a family group.</summary>
public class KpiTarget : IAudited
{
    public int Id { get; set; }
    public Kpi Kpi { get; set; }
    public int? EstablishmentId { get; set; }
    public int? FamilyGroupId { get; set; }
    public double? BaselineValue { get; set; }
    public DateOnly? BaselineDate { get; set; }
    public double TargetValue { get; set; }
    public DateOnly TargetDate { get; set; }

    /// <summary>How far short of target still counts as amber, in the KPI's own units; null = the configured default.</summary>
    public double? AmberTolerance { get; set; }
}

/// <summary>The KPIs of DESIGN.md, in the order of its table.</summary>
public enum Kpi
{
    PlacesAvailable,
    CapacityRatio,
    VisitsAttended,
    VisitsPer100Prisoners,
    Visitors,
    ChildVisitors,
    ChildVisitorsPer100Prisoners,
    EnhancedFamilyVisits,
    UtilisationPct,
    PrisonerReachPct,
    NoShowPct,
    SessionsLost,
    MeanDistanceMiles,
    MedianDistanceMiles,
    PliPct,

    // Family contact on arrival and before leaving (DESIGN.md, Farmer Review 2017 recommendation 5).
    Arrivals,
    ArrivalsVisitedPct,
    Leavers,
    LeaversVisitedPct,
}
