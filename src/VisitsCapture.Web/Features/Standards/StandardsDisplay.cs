using System.Globalization;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Standards;

namespace VisitsCapture.Web.Features.Standards;

/// <summary>How standards, results and training read on the pages and in downloads.</summary>
public static class StandardsDisplay
{
    public const string NoData = "No data";

    /// <summary>A percentage to 1 decimal place, rounded half away from zero as every published figure.</summary>
    public static string Pct(double? value) => value is null ? NoData : Rounding.Format(value, AuditScore.Decimals) + "%";

    public static double? Rounded(double? value) => Rounding.HalfAwayFromZero(value, AuditScore.Decimals);

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) ?? "";

    public static string Rag(Rag rag) => rag switch
    {
        Core.Measures.Rag.Green => "Green",
        Core.Measures.Rag.Amber => "Amber",
        Core.Measures.Rag.Red => "Red",
        _ => NoData,
    };

    public static string RagClass(Rag rag) => rag switch
    {
        Core.Measures.Rag.Green => "govuk-tag--green",
        Core.Measures.Rag.Amber => "govuk-tag--yellow",
        Core.Measures.Rag.Red => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };

    public static string Result(ItemResult? result) => result switch
    {
        ItemResult.Met => "Met",
        ItemResult.PartlyMet => "Partly met",
        ItemResult.NotMet => "Not met",
        ItemResult.NotApplicable => "Not applicable",
        _ => "Not answered",
    };

    public static IReadOnlyList<KeyValuePair<string, string>> ResultOptions { get; } =
        Enum.GetValues<ItemResult>().Select(r => new KeyValuePair<string, string>(r.ToString(), Result(r))).ToList();

    public static string Role(TeamRole role) => role switch
    {
        TeamRole.VisitsTeamOfficer => "Visits team officer",
        TeamRole.VisitsTeamLead => "Visits team lead",
        TeamRole.FamilySupportCoordinator => "Family support coordinator",
        TeamRole.PlayWorker => "Play worker",
        _ => role.ToString(),
    };

    public static IReadOnlyList<KeyValuePair<string, string>> RoleOptions { get; } =
        Enum.GetValues<TeamRole>().Select(r => new KeyValuePair<string, string>(r.ToString(), Role(r))).ToList();

    public static string Currency(Currency currency) => currency switch
    {
        Core.Standards.Currency.Current => "Current",
        Core.Standards.Currency.Due => "Due",
        Core.Standards.Currency.Lapsed => "Lapsed",
        _ => "Not done",
    };

    public static string CurrencyClass(Currency currency) => currency switch
    {
        Core.Standards.Currency.Current => "govuk-tag--green",
        Core.Standards.Currency.Due => "govuk-tag--yellow",
        Core.Standards.Currency.Lapsed => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };

    /// <summary>Parses a date typed as 2026-06-03 or 3/6/2026.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
