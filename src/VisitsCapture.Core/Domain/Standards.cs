namespace VisitsCapture.Core.Domain;

/// <summary>A Families Do Matter standard (VE5, VE7, VE8, VE9 ...): a named checklist kept in versions.</summary>
public class Standard : IAudited
{
    public int Id { get; set; }

    /// <summary>The recommendation it implements, e.g. "VE7"; unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public List<ChecklistVersion> Versions { get; set; } = [];
}

/// <summary>One version of a standard's checklist. Never edited once made: a change makes a new version, so audits keep the items they used.</summary>
public class ChecklistVersion : IAudited
{
    public int Id { get; set; }
    public int StandardId { get; set; }
    public Standard? Standard { get; set; }
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<ChecklistItem> Items { get; set; } = [];
}

public class ChecklistItem : IAudited
{
    public int Id { get; set; }
    public int ChecklistVersionId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
}

public enum AuditStatus
{
    Draft,
    Completed,
}

/// <summary>How an audit found one checklist item.</summary>
public enum ItemResult
{
    Met,
    PartlyMet,
    NotMet,
    NotApplicable,
}

/// <summary>
/// An audit of one standard at one establishment, against the checklist version it was started with. A completed
/// audit is read-only; a new audit that <see cref="SupersedesId"/> it replaces it once completed.
/// </summary>
public class StandardAudit : IAudited
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public int StandardId { get; set; }
    public Standard? Standard { get; set; }
    public int ChecklistVersionId { get; set; }
    public ChecklistVersion? ChecklistVersion { get; set; }

    /// <summary>Where it was audited, e.g. "Visitor centre" or "Visits hall".</summary>
    public required string Area { get; set; }

    public DateOnly AuditDate { get; set; }

    /// <summary>Who audited: a member of staff (never a prisoner or visitor).</summary>
    public required string Auditor { get; set; }

    public AuditStatus Status { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? SupersedesId { get; set; }
    public List<AuditItemResult> Results { get; set; } = [];
}

public class AuditItemResult : IAudited
{
    public int Id { get; set; }
    public int StandardAuditId { get; set; }
    public int ChecklistItemId { get; set; }
    public ItemResult? Result { get; set; }
    public string? Note { get; set; }
}

/// <summary>The roles of a visits team (DESIGN.md VE6, CP9).</summary>
public enum TeamRole
{
    VisitsTeamOfficer,
    VisitsTeamLead,
    FamilySupportCoordinator,
    PlayWorker,
}

/// <summary>A member of staff in an establishment's visits team: a display name and role, from a start to an end date (inclusive).</summary>
public class TeamMember : IAudited
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public required string DisplayName { get; set; }
    public TeamRole Role { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public List<TrainingCompletion> Completions { get; set; } = [];
}

/// <summary>A training course of the catalogue; a completion is current for <see cref="RefreshMonths"/>.</summary>
public class Course : IAudited
{
    public int Id { get; set; }

    /// <summary>A short stable key, e.g. "hidden-sentence"; unique (the training import names courses by it).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public int RefreshMonths { get; set; }
}

public class TrainingCompletion : IAudited
{
    public int Id { get; set; }
    public int TeamMemberId { get; set; }
    public int CourseId { get; set; }
    public DateOnly CompletedOn { get; set; }
}
