namespace VisitsCapture.Core.Measures;

/// <summary>Five-number summary of a set of values.</summary>
public sealed record QuartileSummary(double Min, double LowerQuartile, double Median, double UpperQuartile, double Max);

public static class Statistics
{
    /// <summary>The median; for an even count, the mean of the middle two (DESIGN.md). Null for no values.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : MedianOfSorted(Sorted(values));
    }

    /// <summary>
    /// Min, quartiles, median and max; null for no values. Quartiles use inclusive linear interpolation
    /// (Excel QUARTILE.INC, R quantile type 7): position h = (n − 1)·p in the sorted values, interpolated between
    /// its neighbours. The median is the mean of the middle two, as DESIGN.md fixes it.
    /// </summary>
    public static QuartileSummary? Quartiles(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = Sorted(values);
        return new QuartileSummary(sorted[0], QuantileOfSorted(sorted, 0.25), MedianOfSorted(sorted), QuantileOfSorted(sorted, 0.75), sorted[^1]);
    }

    /// <summary>Quantile p (0..1) by inclusive linear interpolation (R type 7); null for no values.</summary>
    public static double? Quantile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile must be between 0 and 1.");
        }
        return values.Count == 0 ? null : QuantileOfSorted(Sorted(values), p);
    }

    private static double[] Sorted(IReadOnlyList<double> values)
    {
        if (values.Any(double.IsNaN))
        {
            throw new ArgumentException("Values must not contain NaN.", nameof(values));
        }
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    private static double MedianOfSorted(double[] s)
    {
        var mid = s.Length / 2;
        return s.Length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    private static double QuantileOfSorted(double[] s, double p)
    {
        var h = (s.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
