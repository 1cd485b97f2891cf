using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Returns;

/// <summary>One data-quality finding shown with a return: what is missing or doubtful, and what it does to the KPIs.</summary>
public sealed record DataQualityFinding(string Code, string Message);

/// <summary>
/// The data-quality panel of a return, worked out when the return is generated: missing population or prisoner-level
/// snapshots, unknown homes, months without sessions, visits still without an outcome or waiting for review.
/// </summary>
public sealed class ReturnDataQuality(VisitsDbContext db)
{
    public sealed record VisitIssues(int WithoutOutcome, int NeedsReview);

    /// <summary>Visits still without an outcome, and visits flagged for review, per establishment, in one grouped query.</summary>
    public async Task<IReadOnlyDictionary<int, VisitIssues>> VisitIssuesAsync(YearMonth month, CancellationToken ct)
    {
        var key = month.Key;
        return await db.Visits.AsNoTracking()
            .Where(v => v.Month == key && !v.Removed && (v.Outcome == null || v.NeedsReview))
            .GroupBy(v => v.EstablishmentId)
            .Select(g => new { g.Key, WithoutOutcome = g.Count(v => v.Outcome == null), NeedsReview = g.Count(v => v.NeedsReview) })
            .ToDictionaryAsync(x => x.Key, x => new VisitIssues(x.WithoutOutcome, x.NeedsReview), ct);
    }

    public static IReadOnlyList<DataQualityFinding> Findings(KpiCounts c, string? familyGroup, VisitIssues? issues)
    {
        var findings = new List<DataQualityFinding>();
        if (c.Population is null)
        {
            findings.Add(new("NoPopulation", "No population snapshot this month: the ratios per prisoner have no data."));
        }
        else if (!c.HasPrisonerLevelSnapshot)
        {
            findings.Add(new("NoPrisonerLevelSnapshot", "Only a population count this month: distance from home and PLI have no data."));
        }
        if (c.HasPrisonerLevelSnapshot && c.UnknownHomes > 0)
        {
            var share = KpiFormulas.Ratio(100.0 * c.UnknownHomes, c.UnknownHomes + c.KnownHomes);
            findings.Add(new("UnknownHomes", $"{c.UnknownHomes} prisoners ({Rounding.Format(share, 1)}%) have no known home district: they are left out of distances and PLI."));
        }
        if (c.PlacesAvailable == 0 && c.SessionsLost == 0)
        {
            findings.Add(new("NoSessions", "No visits sessions are recorded this month."));
        }
        else if (c.PlacesAvailable > 0 && c.VisitsAttended > c.PlacesAvailable)
        {
            findings.Add(new("OverCapacity", $"More visits attended ({c.VisitsAttended}) than places available ({c.PlacesAvailable}): check session capacities."));
        }
        if (issues is { WithoutOutcome: > 0 } )
        {
            findings.Add(new("OutcomeMissing", $"{issues.WithoutOutcome} visits have no outcome recorded: they are not counted as attended."));
        }
        if (issues is { NeedsReview: > 0 })
        {
            findings.Add(new("NeedsReview", $"{issues.NeedsReview} visits need review (logged for a session cancelled meanwhile)."));
        }
        if (familyGroup is null)
        {
            findings.Add(new("NoFamilyGroup", "Not in a family group this month: there is no comparison."));
        }
        return findings;
    }
}
