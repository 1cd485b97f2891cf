using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.IntegrationTests.Returns;
using VisitsCapture.Web.Features.Returns;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The one set of data-quality rules and wording behind the dashboard's panel and the findings kept with a return.</summary>
public sealed class DataQualityFindingsTests
{
    private static KpiCounts Counts(double? population = 100, bool prisonerLevel = true, int known = 40, int unknown = 0,
        int places = 50, int lost = 0, int attended = 10) => new()
    {
        Population = population, HasPrisonerLevelSnapshot = prisonerLevel, KnownHomes = known, UnknownHomes = unknown,
        PlacesAvailable = places, SessionsLost = lost, VisitsAttended = attended,
    };

    [Fact]
    public void A_complete_month_has_no_findings() =>
        Assert.Empty(DataQualityFindings.Of(Counts(), "Male locals", 0, 0));

    [Fact]
    public void No_snapshot_count_only_and_prisoner_level()
    {
        Assert.Equal("Missing: no population snapshot this month, so the ratios per prisoner have no data.", DataQualityFindings.Population(null)!.Message);
        Assert.Equal("NoPopulation", DataQualityFindings.Population(Counts(population: null, prisonerLevel: false))!.Code);
        var countOnly = DataQualityFindings.Population(Counts(prisonerLevel: false))!;
        Assert.Equal(("NoPrisonerLevelSnapshot", "Count only: no prisoner-level snapshot this month, so distance from home and PLI have no data."),
            (countOnly.Code, countOnly.Message));
        Assert.Null(DataQualityFindings.Population(Counts()));
    }

    [Fact]
    public void Unknown_homes_give_their_share_of_the_prisoner_level_snapshot()
    {
        // 4 of 42 = 9.5238...% (the dashboard's "9.52%").
        var f = DataQualityFindings.UnknownHomes(Counts(known: 38, unknown: 4))!;
        Assert.Equal("4 prisoners (9.52%) have no known home district: they are left out of distances and PLI.", f.Message);
        Assert.Null(DataQualityFindings.UnknownHomes(Counts(known: 38, unknown: 0)));
        Assert.Null(DataQualityFindings.UnknownHomes(Counts(prisonerLevel: false, unknown: 4))); // a count has no homes
    }

    [Fact]
    public void Sessions_none_or_over_capacity()
    {
        Assert.Equal("NoSessions", DataQualityFindings.Sessions(Counts(places: 0, lost: 0, attended: 0))!.Code);
        Assert.Null(DataQualityFindings.Sessions(Counts(places: 0, lost: 1, attended: 0))); // every session lost is not "none recorded"
        Assert.Equal("More visits attended (51) than places available (50): check session capacities.",
            DataQualityFindings.Sessions(Counts(attended: 51))!.Message);
        Assert.Null(DataQualityFindings.Sessions(Counts(attended: 50)));
    }

    [Fact]
    public void Visits_without_outcome_and_needing_review_are_counted_in_words()
    {
        Assert.Equal("1 visit without an outcome", DataQualityFindings.VisitsWithoutOutcome(1));
        Assert.Equal("3 visits without an outcome recorded: they are not counted as attended.", DataQualityFindings.OutcomesMissing(3)!.Message);
        Assert.Null(DataQualityFindings.OutcomesMissing(0));
        Assert.Equal("1 visit needs review (logged for a session cancelled meanwhile).", DataQualityFindings.NeedsReview(1)!.Message);
        Assert.Equal("2 visits need review (logged for a session cancelled meanwhile).", DataQualityFindings.NeedsReview(2)!.Message);
    }

    [Fact]
    public void A_return_lists_every_finding_in_order()
    {
        var findings = ReturnDataQuality.Findings(Counts(prisonerLevel: false, places: 0, attended: 0), null, new ReturnDataQuality.VisitIssues(2, 1));
        Assert.Equal(["NoPrisonerLevelSnapshot", "NoSessions", "OutcomeMissing", "NeedsReview", "NoFamilyGroup"], findings.Select(f => f.Code));
    }
}

/// <summary>The grouped visit issues a return's findings are worked out from, on a real database.</summary>
public sealed class ReturnVisitIssuesTests
{
    [Fact]
    public async Task Visits_without_outcome_and_needing_review_are_counted_per_establishment_leaving_removed_ones_out()
    {
        await using var app = new AppFactory();
        await app.StartAsync();
        await app.AddEstablishmentAsync("DQA");
        await app.AddEstablishmentAsync("DQB");
        await app.AddEstablishmentAsync("DQC");
        var may = new DateOnly(2025, 5, 6);
        var a = await ReturnsData.SessionAsync(app, "DQA", may, SessionType.Social, 10);
        var b = await ReturnsData.SessionAsync(app, "DQB", may, SessionType.Official, 10);
        var c = await ReturnsData.SessionAsync(app, "DQC", may, SessionType.Social, 10);
        await ReturnsData.VisitAsync(app, a, "A1111AA", null);
        await ReturnsData.VisitAsync(app, a, "A2222BB", null);
        await ReturnsData.VisitAsync(app, a, "A3333CC", VisitOutcome.Attended);
        var removed = await ReturnsData.VisitAsync(app, a, "A4444DD", null);
        var review = await ReturnsData.VisitAsync(app, b, "B1111AA", VisitOutcome.NoShow);
        var reviewNoOutcome = await ReturnsData.VisitAsync(app, b, "B2222BB", null);
        await ReturnsData.VisitAsync(app, c, "C1111AA", VisitOutcome.Attended);
        await ReturnsData.VisitAsync(app, await ReturnsData.SessionAsync(app, "DQC", new DateOnly(2025, 6, 2), SessionType.Social, 10), "C2222BB", null);
        await app.WithDbAsync(async db =>
        {
            (await db.Visits.SingleAsync(v => v.Id == removed)).Removed = true;
            foreach (var v in await db.Visits.Where(v => v.Id == review || v.Id == reviewNoOutcome).ToListAsync())
            {
                v.NeedsReview = true;
            }
            await db.SaveChangesAsync();
        });

        using var scope = app.Services.CreateScope();
        var issues = await scope.ServiceProvider.GetRequiredService<ReturnDataQuality>().VisitIssuesAsync(new YearMonth(2025, 5), TestContext.Current.CancellationToken);

        var ids = await app.WithDbAsync(db => db.Establishments.ToDictionaryAsync(e => e.Code, e => e.Id));
        Assert.Equal(new ReturnDataQuality.VisitIssues(2, 0), issues[ids["DQA"]]); // not the attended one, not the removed one
        Assert.Equal(new ReturnDataQuality.VisitIssues(1, 2), issues[ids["DQB"]]); // an Official session's visits count too
        Assert.False(issues.ContainsKey(ids["DQC"])); // its visit without an outcome is in June
    }
}
