namespace VisitsCapture.Core.Domain;

/// <summary>One prisoner receiving visitors in one session. No names: the prisoner is known by prison number only.</summary>
public class Visit : IAudited
{
    public int Id { get; set; }

    /// <summary>Made by the device when the visit is first saved; unique, so an offline replay is stored once.</summary>
    public Guid ClientId { get; set; }
    public int EstablishmentId { get; set; }
    public int SessionId { get; set; }
    public Session? Session { get; set; }
    public DateOnly Date { get; set; }
    public int Month { get; set; }
    public required string Prisoner { get; set; }
    public int Adults { get; set; }
    public int Children0To4 { get; set; }
    public int Children5To11 { get; set; }
    public int Children12To17 { get; set; }
    public Relationship? Relationship { get; set; }
    public bool FirstVisit { get; set; }

    /// <summary>The visitor's home postcode district only (e.g. WV10); a full postcode is never stored.</summary>
    public string? VisitorDistrict { get; set; }
    public string? TableNumber { get; set; }
    public TimeOnly? ArrivedAt { get; set; }
    public TimeOnly? EndedAt { get; set; }
    public VisitOutcome? Outcome { get; set; }

    /// <summary>Set when a visit arrives for a session cancelled meanwhile: accepted, not lost, and flagged.</summary>
    public bool NeedsReview { get; set; }
    public string? ReviewReason { get; set; }

    /// <summary>SHA-256 of the normalised payload first received under <see cref="ClientId"/>, to tell a replay from a conflict.</summary>
    public string PayloadHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Removed { get; set; }
    public DateTime? RemovedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>Puts the visit in a session: its day and reporting month are always the session's (the one placement rule).</summary>
    public void PlaceIn(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionId = session.Id;
        Date = session.Date;
        Month = session.Month;
    }

    public int Children => Children0To4 + Children5To11 + Children12To17;
    public int Visitors => Adults + Children;
}
