using VisitsCapture.Core.Impact;

namespace VisitsCapture.Core.Domain;

/// <summary>
/// A dated change at an establishment meant to improve family ties (DESIGN.md "What works"): its kind, start date,
/// description and optional cost in pounds. Keyed by establishment, start date and kind (the import's key).
/// </summary>
public class Intervention : IAudited
{
    public const int DescriptionMaxLength = 500;

    /// <summary>The largest cost accepted, in pounds.</summary>
    public const decimal MaxCost = 100_000_000m;

    public int Id { get; set; }
    public int EstablishmentId { get; set; }
    public Establishment? Establishment { get; set; }
    public InterventionKind Kind { get; set; }
    public DateOnly StartDate { get; set; }
    public required string Description { get; set; }

    /// <summary>Cost in pounds (to the penny), if known.</summary>
    public decimal? Cost { get; set; }

    /// <summary>T of DESIGN.md: the month of the start date.</summary>
    public YearMonth StartMonth => YearMonth.Of(StartDate);
}
