namespace VisitsCapture.Core.Domain;

/// <summary>A weekly timetable line set by a governor. A change is a new template from a date, never an edit of the past.</summary>
public class SessionTemplate : IAudited
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public DayOfWeek DayOfWeek { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public SessionType Type { get; set; }
    public int CapacityVisits { get; set; }
    public int CapacityVisitors { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool AppliesOn(DateOnly date) =>
        date.DayOfWeek == DayOfWeek && ValidFrom <= date && (ValidTo is null || ValidTo >= date);
}

/// <summary>A scheduled period in a visits hall on one date.</summary>
public class Session : IAudited
{
    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>The month as yyyymm, stored so monthly KPIs group in index order.</summary>
    public int Month { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public SessionType Type { get; set; }
    public int CapacityVisits { get; set; }
    public int CapacityVisitors { get; set; }
    public SessionStatus Status { get; set; }
    public string? CancellationReason { get; set; }

    /// <summary>The template it was generated from; null for a one-off or imported session.</summary>
    public int? TemplateId { get; set; }
    public bool OneOff { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<Visit> Visits { get; set; } = [];

    public bool IsCancelled => Status == SessionStatus.CancelledByEstablishment;
    public bool IsFamilyTies => Type != SessionType.Official;

    public void SetDate(DateOnly date)
    {
        Date = date;
        Month = YearMonth.Of(date).Key;
    }
}
