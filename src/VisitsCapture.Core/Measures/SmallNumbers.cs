using System.Globalization;
using VisitsCapture.Core.Domain;

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

    /// <summary>
    /// The same rule for a statistic of counts (a group median of 2.5 visits is as small as 2 or 3): suppressed when
    /// above 0 and below the threshold.
    /// </summary>
    public static bool IsSuppressed(double? value, int threshold = DefaultThreshold) =>
        value is { } v && v > 0 && v < threshold;

    /// <summary>
    /// The KPIs that are counts of people or of events involving people, and so small numbers: visits attended,
    /// visitors, child visitors, enhanced family visits, sessions lost, arrivals and leavers (with the unknown-home and
    /// nearer-to-home counts of prisoners, which are not KPIs). Places available is a property of the timetable, not of people, and is never suppressed;
    /// rates and distances are shown (their denominators are populations of hundreds).
    /// </summary>
    public static bool AppliesTo(Kpi kpi) =>
        kpi is Kpi.VisitsAttended or Kpi.Visitors or Kpi.ChildVisitors or Kpi.EnhancedFamilyVisits or Kpi.SessionsLost
            or Kpi.Arrivals or Kpi.Leavers;

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
