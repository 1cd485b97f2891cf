namespace VisitsCapture.Core.Domain;

/// <summary>Marks an entity whose every change is written to the audit log, with before and after values.</summary>
public interface IAudited;

/// <summary>Who is making the change being saved: the signed-in user, the command line or a background job.</summary>
public interface ICurrentActor
{
    string? UserId { get; }
    string Name { get; }
}

/// <summary>One audited change or event: who, when, what, before and after (JSON of the changed properties).</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityKey { get; set; }
    public int? EstablishmentId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
