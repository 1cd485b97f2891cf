namespace VisitsCapture.Core.Measures;

/// <summary>The distance-from-home bands of DESIGN.md, plus <see cref="Unknown"/> for prisoners with no known home.</summary>
public enum DistanceBand
{
    Under25,
    From25To50,
    From50To75,
    From75To100,
    Over100,
    Unknown,
}

public static class DistanceBands
{
    /// <summary>Every band in display order, <see cref="DistanceBand.Unknown"/> last.</summary>
    public static IReadOnlyList<DistanceBand> All { get; } =
        [DistanceBand.Under25, DistanceBand.From25To50, DistanceBand.From50To75, DistanceBand.From75To100, DistanceBand.Over100, DistanceBand.Unknown];

    /// <summary>
    /// The band of a distance in miles. A band includes its lower bound and excludes its upper one (25.0 is in
    /// 25-50, 100.0 is over 100); null (unknown home) is <see cref="DistanceBand.Unknown"/>, never a distance of 0.
    /// </summary>
    public static DistanceBand Of(double? miles)
    {
        if (miles is not { } d)
        {
            return DistanceBand.Unknown;
        }
        if (double.IsNaN(d) || d < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(miles), miles, "A distance must be a non-negative number of miles.");
        }
        return d switch
        {
            < 25 => DistanceBand.Under25,
            < 50 => DistanceBand.From25To50,
            < 75 => DistanceBand.From50To75,
            < 100 => DistanceBand.From75To100,
            _ => DistanceBand.Over100,
        };
    }

    public static string Label(DistanceBand band) => band switch
    {
        DistanceBand.Under25 => "Under 25 miles",
        DistanceBand.From25To50 => "25 to 50 miles",
        DistanceBand.From50To75 => "50 to 75 miles",
        DistanceBand.From75To100 => "75 to 100 miles",
        DistanceBand.Over100 => "Over 100 miles",
        DistanceBand.Unknown => "Unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, null),
    };
}
