namespace VisitsCapture.Core.Impact;

/// <summary>How the kinds of intervention read on pages (the CSV and the API use the enum names).</summary>
public static class InterventionKinds
{
    public static IReadOnlyList<InterventionKind> All { get; } = Enum.GetValues<InterventionKind>();

    public static string Name(InterventionKind kind) => kind switch
    {
        InterventionKind.ChildFriendlyArea => "Child-friendly area opened or refurbished",
        InterventionKind.FamilyInformationDisplay => "Family information display",
        InterventionKind.VisitorsBooklet => "Visitors' booklet adopted",
        InterventionKind.EnhancedFamilyVisits => "Enhanced family visits introduced",
        InterventionKind.VisitsTeam => "Visits team established",
        InterventionKind.FamilySupportCoordinator => "Family support coordinator appointed",
        InterventionKind.Other => "Other",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
