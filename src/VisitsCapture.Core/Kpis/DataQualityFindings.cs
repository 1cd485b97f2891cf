using System.Linq.Expressions;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Kpis;

/// <summary>One data-quality finding: what is missing or doubtful in a month's data, and what it does to the KPIs.</summary>
public sealed record DataQualityFinding(string Code, string Message);

/// <summary>
/// The data-quality rules and their wording, in one place for the dashboard's panel (one establishment, live) and the
/// findings stored with each monthly return (every establishment, at generation time). Both read the month's
/// <see cref="KpiCounts"/>, so a finding always agrees with the KPIs shown beside it.
/// </summary>
public static class DataQualityFindings
{
    /// <summary>A visit still waiting for its outcome: attendance is recorded positively, never by default.</summary>
    public static readonly Expression<Func<Visit, bool>> WithoutOutcome = v => !v.Removed && v.Outcome == null;

    /// <summary>"1 visit without an outcome", "3 visits without an outcome".</summary>
    public static string VisitsWithoutOutcome(int visits) => $"{visits} {(visits == 1 ? "visit" : "visits")} without an outcome";

    /// <summary>No snapshot at all (no counts, or none for the month), or a count only; null with a prisoner-level snapshot.</summary>
    public static DataQualityFinding? Population(KpiCounts? c) =>
        c?.Population is null
            ? new("NoPopulation", "Missing: no population snapshot this month, so the ratios per prisoner have no data.")
            : !c.HasPrisonerLevelSnapshot
                ? new("NoPrisonerLevelSnapshot", "Count only: no prisoner-level snapshot this month, so distance from home and PLI have no data.")
                : null;

    /// <summary>Prisoners of the prisoner-level snapshot without a known home district, with their share (<see cref="KpiRollup.UnknownHomesPct"/>).</summary>
    public static DataQualityFinding? UnknownHomes(KpiCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var figures = KpiRollup.Single(c);
        return figures.UnknownHomes is > 0 and var unknown
            ? new("UnknownHomes", $"{unknown} prisoners ({Rounding.Format(figures.UnknownHomesPct, 2)}%) have no known home district: they are left out of distances and PLI.")
            : null;
    }

    /// <summary>No family-ties session at all in the month, or more visits attended than places available.</summary>
    public static DataQualityFinding? Sessions(KpiCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.PlacesAvailable == 0 && c.SessionsLost == 0)
        {
            return new("NoSessions", "No visits sessions are recorded this month.");
        }
        return c.PlacesAvailable > 0 && c.VisitsAttended > c.PlacesAvailable
            ? new("OverCapacity", $"More visits attended ({c.VisitsAttended}) than places available ({c.PlacesAvailable}): check session capacities.")
            : null;
    }

    public static DataQualityFinding? OutcomesMissing(int visits) => visits > 0
        ? new("OutcomeMissing", $"{VisitsWithoutOutcome(visits)} recorded: they are not counted as attended.")
        : null;

    public static DataQualityFinding? NeedsReview(int visits) => visits > 0
        ? new("NeedsReview", $"{visits} {(visits == 1 ? "visit needs" : "visits need")} review (logged for a session cancelled meanwhile).")
        : null;

    public static DataQualityFinding? FamilyGroup(string? familyGroup) => familyGroup is null
        ? new("NoFamilyGroup", "Not in a family group this month: there is no comparison.")
        : null;

    /// <summary>Every finding of an establishment's month, in the order a return shows them.</summary>
    public static IReadOnlyList<DataQualityFinding> Of(KpiCounts c, string? familyGroup, int visitsWithoutOutcome, int visitsNeedingReview) =>
        new[]
        {
            Population(c), UnknownHomes(c), Sessions(c), OutcomesMissing(visitsWithoutOutcome), NeedsReview(visitsNeedingReview),
            FamilyGroup(familyGroup),
        }.OfType<DataQualityFinding>().ToList();
}
