using System.Globalization;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Domain;

/// <summary>Plain-English names for the domain's values, as shown on the hall and timetable pages.</summary>
public static class Labels
{
    public static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static string Of(SessionType type) => type switch
    {
        SessionType.EnhancedFamily => "Enhanced family",
        SessionType.Official => "Official (legal and professional)",
        _ => type.ToString(),
    };

    public static string Of(VisitOutcome outcome) => outcome switch
    {
        VisitOutcome.NoShow => "No show",
        VisitOutcome.CancelledByVisitor => "Cancelled by visitor",
        VisitOutcome.CancelledByEstablishment => "Cancelled by establishment",
        VisitOutcome.RefusedEntry => "Refused entry",
        _ => outcome.ToString(),
    };

    public static string Of(VisitOutcome? outcome) => outcome is { } o ? Of(o) : "Not arrived yet";

    public static string Of(Relationship relationship) => relationship switch
    {
        Relationship.OtherFamily => "Other family",
        _ => relationship.ToString(),
    };

    public static string Day(DateOnly date) => date.ToString("dddd d MMMM yyyy", EnGb);

    public static string ShortDay(DateOnly date) => date.ToString("ddd d MMM", EnGb);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Times(TimeOnly start, TimeOnly end) => $"{Time(start)} to {Time(end)}";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Choices for radios: value (the enum name) and text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SessionTypeOptions { get; } =
        Enum.GetValues<SessionType>().Select(t => KeyValuePair.Create(t.ToString(), Of(t))).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> DayOptions { get; } =
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday }
            .Select(d => KeyValuePair.Create(d.ToString(), d.ToString())).ToList();

    public static IReadOnlyList<KeyValuePair<string, string>> RelationshipOptions { get; } =
        Enum.GetValues<Relationship>().Select(r => KeyValuePair.Create(r.ToString(), Of(r))).ToList();
}
