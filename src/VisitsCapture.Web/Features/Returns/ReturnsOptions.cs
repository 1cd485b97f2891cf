using System.ComponentModel.DataAnnotations;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>When the monthly-returns job runs and which months it covers (configuration section "Returns").</summary>
public sealed class ReturnsOptions : IValidatableObject
{
    public const string Section = "Returns";

    /// <summary>Cron of the recurring monthly-returns job, in London time (DESIGN.md: local dates are Europe/London): default 06:00 on the 1st.</summary>
    [Required]
    public string Cron { get; set; } = "0 6 1 * *";

    /// <summary>The first month to produce returns for (YYYY-MM); empty = the earliest month with any data.</summary>
    public string? FirstMonth { get; set; }

    /// <summary>
    /// How many of the latest complete months each run checks again for late data (a change makes a revised version).
    /// Older months are revised on demand with `returns generate --month`.
    /// </summary>
    [Range(1, 24)]
    public int RecheckMonths { get; set; } = 3;

    /// <summary>Queue one run when the app starts, so months missed while it was down (or lost with in-memory storage) are caught up.</summary>
    public bool CatchUpOnStart { get; set; } = true;

    public YearMonth? First => string.IsNullOrWhiteSpace(FirstMonth) ? null : YearMonth.Parse(FirstMonth);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(FirstMonth) && !YearMonth.TryParse(FirstMonth, out _))
        {
            yield return new ValidationResult("Returns:FirstMonth must be a month in the form YYYY-MM.", [nameof(FirstMonth)]);
        }
    }
}
