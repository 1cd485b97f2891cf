using System.Globalization;

namespace VisitsCapture.Core.Measures;

/// <summary>
/// Small-number suppression for views shown outside the establishment (DESIGN.md; default threshold 5). Counts from
/// 1 to threshold − 1 are hidden because they could identify a person; 0 and counts at or above the threshold are shown.
/// </summary>
public static class SmallNumbers
{
    public const int DefaultThreshold = 5;

    public static bool IsSuppressed(int? count, int threshold = DefaultThreshold) =>
        count is { } c && c >= 1 && c < threshold;

    /// <summary>The count as text, "&lt;5" (for threshold 5) when suppressed, "" for null (no data).</summary>
    public static string Display(int? count, int threshold = DefaultThreshold)
    {
        if (count is not { } c)
        {
            return "";
        }
        return IsSuppressed(c, threshold)
            ? "<" + threshold.ToString(CultureInfo.InvariantCulture)
            : c.ToString(CultureInfo.InvariantCulture);
    }
}
