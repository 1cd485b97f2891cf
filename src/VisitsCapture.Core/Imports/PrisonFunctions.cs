namespace VisitsCapture.Core.Imports;

/// <summary>
/// The function of a prison in DESIGN.md's words ("Male local", "Male Cat C trainer", "Female" ...), derived from the
/// prison register: the 2017 NOMS predominant function where there is one, else the register's types, categories
/// and sexes (shared/data/prisons/SOURCE.md: function_2017 is missing for prisons that opened or split later).
/// Each function names a default family group.
/// </summary>
public static class PrisonFunctions
{
    public const string MaleLocal = "Male local";
    public const string MaleCatBTrainer = "Male Cat B trainer";
    public const string MaleCatCTrainer = "Male Cat C trainer";
    public const string MaleOpen = "Male open";
    public const string Female = "Female";
    public const string HighSecurity = "High security";
    public const string YoungOffenderInstitution = "Young offender institution";
    public const string ChildrenAndYoungPeople = "Children and young people";
    public const string ImmigrationRemovalCentre = "Immigration removal centre";
    public const string Unclassified = "Unclassified";

    /// <param name="function2017">e.g. "Local", "Cat C Trainer", "Cat B Trainer/ Open", "YJB"; empty when unknown.</param>
    /// <param name="types">'|'-joined register types: HMP, YOI, YCS, IRC, STC.</param>
    /// <param name="categories">'|'-joined security categories A, B, C (often empty).</param>
    public static string Derive(string? function2017, string? types, string? categories, bool male, bool female)
    {
        var womenOnly = female && !male;
        var function = (function2017 ?? "").Trim().ToUpperInvariant();
        // "Cat B Trainer/ Open" is a trainer with an open unit: the trainer part sets the comparator group.
        if (function.StartsWith("CAT B", StringComparison.Ordinal))
        {
            return MaleCatBTrainer;
        }
        if (function.StartsWith("CAT C", StringComparison.Ordinal))
        {
            return MaleCatCTrainer;
        }
        switch (function)
        {
            case "LOCAL":
                return womenOnly ? Female : MaleLocal;
            case "OPEN":
                return womenOnly ? Female : MaleOpen;
            case "FEMALE":
                return Female;
            case "HIGH SECURITY":
                return HighSecurity;
            case "YOI":
                return YoungOffenderInstitution;
            case "YJB" or "STC":
                return ChildrenAndYoungPeople;
            case "IRC" or "IMMIGRATION REMOVAL CENTRE":
                return ImmigrationRemovalCentre;
        }

        var typeSet = Split(types);
        var categorySet = Split(categories);
        if (typeSet.Contains("STC") || typeSet.Contains("YCS"))
        {
            return ChildrenAndYoungPeople;
        }
        if (typeSet.Contains("IRC"))
        {
            return ImmigrationRemovalCentre;
        }
        if (womenOnly)
        {
            return Female;
        }
        if (categorySet.Contains("A"))
        {
            return HighSecurity;
        }
        if (typeSet.SetEquals(["YOI"]))
        {
            return YoungOffenderInstitution;
        }
        if (categorySet.SetEquals(["B"]))
        {
            return MaleCatBTrainer;
        }
        if (categorySet.SetEquals(["C"]))
        {
            return MaleCatCTrainer;
        }
        return Unclassified;
    }

    private static HashSet<string> Split(string? codes) =>
        (codes ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
}
