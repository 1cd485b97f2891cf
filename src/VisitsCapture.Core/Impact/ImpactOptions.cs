using System.ComponentModel.DataAnnotations;

namespace VisitsCapture.Core.Impact;

/// <summary>Settings of "What works" (DESIGN.md): the window W in months either side of an intervention's start month.</summary>
public sealed class ImpactOptions
{
    public const string Section = "Impact";

    [Range(1, 36)]
    public int WindowMonths { get; set; } = ImpactWindow.DefaultMonths;
}
