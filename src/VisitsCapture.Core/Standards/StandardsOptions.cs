using System.ComponentModel.DataAnnotations;

namespace VisitsCapture.Core.Standards;

/// <summary>Settings of DESIGN.md "Standards, visits teams and training" (section <c>Standards</c>).</summary>
public sealed class StandardsOptions
{
    public const string Section = "Standards";

    /// <summary>A score at or above this is green.</summary>
    [Range(0, 100)]
    public double GreenPct { get; set; } = 90;

    /// <summary>A score at or above this (and below green) is amber; below it, red.</summary>
    [Range(0, 100)]
    public double AmberPct { get; set; } = 70;

    /// <summary>An audit dated more than this many months ago is overdue.</summary>
    [Range(1, 120)]
    public int OverdueMonths { get; set; } = 12;

    /// <summary>After its refresh period a course is due for this many months, then lapsed.</summary>
    [Range(0, 60)]
    public int TrainingGraceMonths { get; set; } = 3;
}
