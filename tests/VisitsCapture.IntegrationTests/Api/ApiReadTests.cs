using System.Net;
using System.Text;
using System.Text.Json;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.IntegrationTests.Returns;
using static VisitsCapture.IntegrationTests.Api.ApiClientsApp;
using static VisitsCapture.IntegrationTests.Population.PopulationData;

namespace VisitsCapture.IntegrationTests.Api;

/// <summary>The KPI time series and the population summaries read with a token: the pages' numbers, scope and small-number rule.</summary>
public sealed class ApiReadTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private async Task<(HttpClient National, HttpClient Governor)> ClientsAsync(string code, string region = "West Midlands")
    {
        await App.AddUserAsync("admin-" + code.ToLowerInvariant(), Roles.Administrator, null);
        var admin = await App.SignedInAsync("admin-" + code.ToLowerInvariant());
        var (nid, nsecret) = await IssueAsync(admin, "national-" + code, Roles.PathwayLead, "national");
        var (gid, gsecret) = await IssueAsync(admin, "governor-" + code, Roles.Governor, "establishment", establishment: code);
        return (await BearerAsync(App, nid, nsecret), await BearerAsync(App, gid, gsecret));
    }

    private static JsonElement Point(JsonElement month, string kpi) =>
        month.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi);

    [Fact]
    public async Task The_kpi_series_gives_each_month_with_small_numbers_withheld_from_callers_outside_the_establishment()
    {
        await App.AddEstablishmentAsync("KSA");
        await App.AddEstablishmentAsync("KSB");
        // February 2025: KSA attended 3 visits over a population of 200 (1.50 per 100 prisoners); see ReturnsData.MonthAsync.
        await ReturnsData.MonthAsync(App, new YearMonth(2025, 2), "KSA", "KSB");
        var (national, governor) = await ClientsAsync("KSA");

        var outside = await JsonAsync(await national.GetAsync("/api/establishments/KSA/kpis/series?from=2025-01&to=2025-03"), HttpStatusCode.OK);
        Assert.Equal(["2025-01", "2025-02", "2025-03"], outside.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()));
        var february = outside.GetProperty("months")[1];
        Assert.Equal(1.5, Point(february, "VisitsPer100Prisoners").GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, Point(february, "VisitsAttended").GetProperty("value").ValueKind);
        Assert.True(Point(february, "VisitsAttended").GetProperty("suppressed").GetBoolean());
        Assert.Equal(16, Point(february, "PlacesAvailable").GetProperty("value").GetDouble());

        var inside = await JsonAsync(await governor.GetAsync("/api/establishments/KSA/kpis/series?from=2025-02&to=2025-02"), HttpStatusCode.OK);
        var own = Assert.Single(inside.GetProperty("months").EnumerateArray());
        Assert.Equal(3, Point(own, "VisitsAttended").GetProperty("value").GetDouble());
        Assert.False(Point(own, "VisitsAttended").GetProperty("suppressed").GetBoolean());

        await ProblemAsync(await governor.GetAsync("/api/establishments/KSB/kpis/series"), HttpStatusCode.Forbidden);
        await ProblemAsync(await national.GetAsync("/api/establishments/KSA/kpis/series?from=2025-04&to=2025-01"), HttpStatusCode.BadRequest);
        await ProblemAsync(await national.GetAsync("/api/establishments/KSA/kpis/series?from=2020-01&to=2025-01"), HttpStatusCode.BadRequest);
        await ProblemAsync(await national.GetAsync("/api/establishments/KSA/kpis/series?to=next-month"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Population_summaries_give_the_locality_index_and_withhold_small_counts_outside_the_establishment()
    {
        await AddDistrictsAsync(App);
        await App.AddEstablishmentAsync("PSF", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
        await App.AddEstablishmentAsync("PSW", region: "Wales", latitude: CardiffLat, longitude: CardiffLon);
        var (national, governor) = await ClientsAsync("PSF");
        // Six known homes: three in Wolverhampton (within 50 miles of Featherstone), one in Manchester, two in Cardiff.
        var csv = "establishment,snapshot_date,prisoner,home_postcode,home_source\n"
            + "PSF,2025-03-31,A1111AA,WV10 6AA,home\nPSF,2025-03-31,A2222AA,WV10 6AB,home\nPSF,2025-03-31,A3333AA,WV10 6AD,home\n"
            + "PSF,2025-03-31,A4444AA,M1 1AE,home\nPSF,2025-03-31,A5555AA,CF10 1AA,home\nPSF,2025-03-31,A6666AA,CF10 1AB,home\n";
        var posted = await national.PostAsync("/api/establishments/PSF/population?kind=population", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var done = await PollAsync(national, posted.Headers.Location!);
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());

        var outside = await JsonAsync(await national.GetAsync("/api/establishments/PSF/population/summary?month=2025-03"), HttpStatusCode.OK);
        var locality = outside.GetProperty("current").GetProperty("locality");
        Assert.Equal(6, outside.GetProperty("current").GetProperty("population").GetDouble());
        Assert.Equal(50, locality.GetProperty("pliPct").GetDouble());
        Assert.Equal(6, locality.GetProperty("knownHomes").GetInt32());
        Assert.Equal(JsonValueKind.Null, locality.GetProperty("withinRadius").ValueKind);
        Assert.True(locality.GetProperty("suppressed").GetBoolean());

        var inside = await JsonAsync(await governor.GetAsync("/api/establishments/PSF/population/summary"), HttpStatusCode.OK);
        Assert.Equal("2025-03", inside.GetProperty("current").GetProperty("month").GetString());
        Assert.Equal(3, inside.GetProperty("current").GetProperty("locality").GetProperty("withinRadius").GetInt32());
        Assert.Equal(3, inside.GetProperty("current").GetProperty("locality").GetProperty("distanceBands").GetProperty("Under25").GetInt32());
        Assert.False(inside.GetProperty("current").GetProperty("locality").GetProperty("suppressed").GetBoolean());

        var comparison = await JsonAsync(await national.GetAsync("/api/population?month=2025-03&region=West%20Midlands"), HttpStatusCode.OK);
        var row = comparison.GetProperty("rows").GetProperty("items").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "PSF");
        Assert.Equal(50, row.GetProperty("locality").GetProperty("pliPct").GetDouble());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("locality").GetProperty("withinRadius").ValueKind);
        Assert.DoesNotContain(comparison.GetProperty("rows").GetProperty("items").EnumerateArray(), r => r.GetProperty("code").GetString() == "PSW");
        await JsonAsync(await national.GetAsync("/api/population?level=family-groups&month=2025-03"), HttpStatusCode.OK);

        await ProblemAsync(await governor.GetAsync("/api/population?month=2025-03"), HttpStatusCode.Forbidden);
        await ProblemAsync(await governor.GetAsync("/api/establishments/PSW/population/summary"), HttpStatusCode.Forbidden);
        await ProblemAsync(await national.GetAsync("/api/establishments/PSW/population/summary"), HttpStatusCode.NotFound);
        await ProblemAsync(await national.GetAsync("/api/population?level=nations"), HttpStatusCode.BadRequest);
        await ProblemAsync(await national.GetAsync("/api/population?region=Atlantis"), HttpStatusCode.BadRequest);
    }
}
