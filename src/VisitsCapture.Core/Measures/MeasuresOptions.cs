using System.ComponentModel.DataAnnotations;

namespace VisitsCapture.Core.Measures;

/// <summary>Settings of the derived measures (DESIGN.md: local radius, small-number threshold, RAG tolerance).</summary>
public sealed class MeasuresOptions
{
    public const string Section = "Measures";

    [Range(1, 500)]
    public double LocalRadiusMiles { get; set; } = 50;

    [Range(0, 100)]
    public int SmallNumberThreshold { get; set; } = 5;

    [Range(0, 100)]
    public double RagAmberTolerancePct { get; set; } = 10;
}
