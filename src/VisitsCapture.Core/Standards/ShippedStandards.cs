namespace VisitsCapture.Core.Standards;

public sealed record ShippedStandard(string Code, string Name, IReadOnlyList<string> Items);

public sealed record ShippedCourse(string Code, string Name, int RefreshMonths);

/// <summary>The checklists and courses DESIGN.md ships, seeded on first run and then kept by administrators.</summary>
public static class ShippedStandards
{
    public static IReadOnlyList<ShippedStandard> Standards { get; } =
    [
        new("VE5", "Enhanced family visits", ["Offered at least monthly", "Child-centred activities", "Eligibility published"]),
        new("VE7", "Child-friendly areas in the visitor centre and visits hall",
        [
            "Child-friendly area provided",
            "Area maintained",
            "Toys and resources for ages 0 to 4",
            "Toys and resources for ages 5 to 11",
            "Toys and resources for ages 12 to 17",
            "Play provision staffed",
        ]),
        new("VE8", "Family information display",
        [
            "Displayed at the visitor centre",
            "Displayed at visitor reception",
            "Current",
            "In the languages needed",
            "Covers the specification's topics",
        ]),
        new("VE9", "Visitors' information booklet", ["Adopted", "Given at first visit", "Given at induction", "Current"]),
    ];

    /// <summary>Refresh periods are this product's defaults (DESIGN.md names the courses only); administrators change them.</summary>
    public static IReadOnlyList<ShippedCourse> Courses { get; } =
    [
        new("hidden-sentence", "Hidden Sentence awareness", 36),
        new("working-with-parents", "Working with Parents standards", 36),
        new("play-in-prisons", "Play in prisons", 24),
        new("safeguarding-children", "Safeguarding children", 12),
    ];
}
