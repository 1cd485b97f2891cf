namespace VisitsCapture.Core.Domain;

/// <summary>
/// The sums and counts behind an establishment's KPIs for one month. Stored, never averages, so that quarters,
/// regions and the nation are exact ratios of sums.
/// </summary>
public class KpiCounts
{
    /// <summary>P: the population (the average of the month's snapshots); null when the month has no snapshot.</summary>
    public double? Population { get; set; }
    public int PlacesAvailable { get; set; }
    public int VisitsAttended { get; set; }
    public int Visitors { get; set; }
    public int ChildVisitors { get; set; }
    public int EnhancedFamilyVisits { get; set; }
    public int PrisonersVisited { get; set; }
    public int NoShows { get; set; }
    public int SessionsLost { get; set; }
    public int KnownHomes { get; set; }
    public int UnknownHomes { get; set; }
    public int HomesWithinRadius { get; set; }
    public double SumDistanceMiles { get; set; }
    public double? MedianDistanceMiles { get; set; }

    /// <summary>Whether the month had a prisoner-level snapshot (distances, PLI and unknown homes come from it).</summary>
    public bool HasPrisonerLevelSnapshot { get; set; }

    /// <summary>Prisoners of that snapshot farther than the local radius from home while an establishment of the same function lies within it.</summary>
    public int NearerToHome { get; set; }

    /// <summary>Whether this month and the previous one both had a prisoner-level snapshot (arrivals and leavers come from them).</summary>
    public bool HasFamilyContact { get; set; }
    public int Arrivals { get; set; }
    public int ArrivalsVisited { get; set; }
    public int Leavers { get; set; }
    public int LeaversVisited { get; set; }
}

/// <summary>The summary row for one establishment and month, refreshed when the month's data changes.</summary>
public class MonthlyKpi
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public int Month { get; set; }
    public KpiCounts Counts { get; set; } = new();
    public DateTime ComputedAt { get; set; }
}

/// <summary>An immutable, versioned snapshot of one establishment's KPIs for a month. A revision is a new version.</summary>
public class MonthlyReturn : IAudited
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public int Month { get; set; }
    public int Version { get; set; }
    public ReturnStatus Status { get; set; }

    /// <summary>True for version 2 onwards: data changed after an earlier version was generated.</summary>
    public bool Revised { get; set; }
    public string? RevisionReason { get; set; }
    public string? FamilyGroup { get; set; }
    public KpiCounts Counts { get; set; } = new();

    /// <summary>Family-group comparison and data-quality findings at generation time, as JSON.</summary>
    public string DetailJson { get; set; } = "{}";
    public required string ContentHash { get; set; }
    public DateTime GeneratedAt { get; set; }
    public string? SignedOffBy { get; set; }
    public DateTime? SignedOffAt { get; set; }
    public string? SignOffComment { get; set; }
}

/// <summary>A file import, from the command line or a page: its progress and, on failure, the per-row errors.</summary>
public class ImportRun
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public ImportStatus Status { get; set; }
    public int RowsRead { get; set; }
    public int? RowsTotal { get; set; }
    public string? Summary { get; set; }
    public string? ErrorsJson { get; set; }
    public string? UserId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

public enum ImportStatus
{
    Running,
    Succeeded,
    Failed,
}
