namespace VisitsCapture.Core.Measures;

/// <summary>Five-number summary of a set of values.</summary>
public sealed record QuartileSummary(double Min, double LowerQuartile, double Median, double UpperQuartile, double Max);

public static class Statistics
{
    /// <summary>The median; for an even count, the mean of the middle two (DESIGN.md). Null for no values.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == 0 ? null : MedianInPlace(Copy(values));
    }

    /// <summary>
    /// The median of values (no NaN) whose order the caller no longer needs: they are reordered. A selection rather than a
    /// sort (the national comparison takes three medians of ~86,000 distances per request, issue 13); the same value as
    /// the median of the sorted values, the middle two averaged the same way.
    /// </summary>
    internal static double MedianInPlace(Span<double> values)
    {
        var mid = values.Length / 2;
        var upper = SelectInPlace(values, mid);
        if (values.Length % 2 == 1)
        {
            return upper;
        }
        // Every value before position mid is at most the upper middle one: the largest of them is the lower middle one.
        var lower = values[0];
        foreach (var v in values[..mid])
        {
            lower = Math.Max(lower, v);
        }
        return (lower + upper) / 2;
    }

    /// <summary>
    /// Quickselect (Hoare partition, median-of-three pivot): puts the k-th smallest value at position k, with none larger
    /// before it and none smaller after it, and returns it.
    /// </summary>
    private static double SelectInPlace(Span<double> a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (left < right)
        {
            var pivot = MedianOfThree(a[left], a[left + ((right - left) / 2)], a[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break; // between j and i every value equals the pivot
            }
        }
        return a[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

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
        var copy = Copy(values);
        Array.Sort(copy);
        return copy;
    }

    private static double[] Copy(IReadOnlyList<double> values) =>
        values.Any(double.IsNaN) ? throw new ArgumentException("Values must not contain NaN.", nameof(values)) : values.ToArray();

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
