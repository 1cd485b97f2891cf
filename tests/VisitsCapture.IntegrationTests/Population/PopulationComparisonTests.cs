using System.Net;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Population;
using static VisitsCapture.IntegrationTests.Population.PopulationData;

namespace VisitsCapture.IntegrationTests.Population;

/// <summary>
/// The regional and national page. April 2025: FSN (Featherstone's location, West Midlands) has the April prisoners of
/// <see cref="PopulationPageTests.FeatherstoneFile"/> and a count of 13 (P = 12): PLI 4/8, median 52.935, mean 73.676.
/// CDN (Cardiff's location, Wales) has 5 prisoners at CF10 0.4710, NP20 10.2672 (twice), B1 87.3738 and SW1A 130.6063 miles:
/// PLI 3/5, median 10.2672, mean 47.797. Both are in "Test group": pooled PLI 7/13 = 53.85%, median of the 13 = 48.2379,
/// mean 828.3948 / 13 = 63.72 (an average of the two PLIs would be 55%). NWN (North West) has no data.
/// </summary>
public sealed class PopulationComparisonTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>, IAsyncLifetime
{
    private PopulationAppFactory App => fixture.App;

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _arranged;

    public async ValueTask InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_arranged)
            {
                return;
            }
            await AddDistrictsAsync(App);
            await App.AddEstablishmentAsync("FSN", latitude: FeatherstoneLat, longitude: FeatherstoneLon);
            await App.AddEstablishmentAsync("CDN", region: "Wales", latitude: CardiffLat, longitude: CardiffLon);
            await App.AddEstablishmentAsync("NWN", region: "North West");
            await App.WithDbAsync(async db =>
            {
                var ids = db.Establishments.ToDictionary(e => e.Code, e => e.Id);
                db.Establishments.Single(e => e.Code == "NWN").Name = "=HYPERLINK(\"http://example.com\")";
                var test = new FamilyGroup { Name = "Test group", Function = "Male local" };
                var other = new FamilyGroup { Name = "Other group", Function = "Male open" };
                db.FamilyGroups.AddRange(test, other);
                await db.SaveChangesAsync();
                db.FamilyGroupMemberships.AddRange(
                    new FamilyGroupMembership { FamilyGroupId = test.Id, EstablishmentId = ids["FSN"], FromMonth = 202501 },
                    // CDN moved into the test group in April: its March membership is elsewhere.
                    new FamilyGroupMembership { FamilyGroupId = other.Id, EstablishmentId = ids["CDN"], FromMonth = 202401, ToMonth = 202503 },
                    new FamilyGroupMembership { FamilyGroupId = test.Id, EstablishmentId = ids["CDN"], FromMonth = 202504 },
                    new FamilyGroupMembership { FamilyGroupId = other.Id, EstablishmentId = ids["NWN"], FromMonth = 202401 });
                await db.SaveChangesAsync();
            });
            await App.AddUserAsync("pl-national", Roles.PathwayLead, null);
            await App.AddUserAsync("pl-wales", Roles.PathwayLead, "R:Wales");
            await App.AddUserAsync("admin-only", Roles.Administrator, null);
            await App.AddUserAsync("gov-cdn", Roles.Governor, "CDN");
            await App.AddUserAsync("staff-fsn", Roles.VisitsStaff, "FSN");

            var lead = await App.SignedInAsync("pl-national");
            var april = string.Join("\n", PopulationPageTests.FeatherstoneFile.Split('\n').Where(l => l.Contains("2025-04-30") || l.StartsWith("establishment")))
                .Replace("FSX", "FSN");
            var page = await ImportAsync(lead, "/population/import", "population", april + "\n" + string.Join("\n",
                "CDN,2025-04-30,D1111AA,CF10 1AA,home", "CDN,2025-04-30,D2222AA,NP20 1AA,home", "CDN,2025-04-30,D3333AA,NP20 2BB,court",
                "CDN,2025-04-30,D4444AA,B1 1AA,home", "CDN,2025-04-30,D5555AA,SW1A 1AA,discharge") + "\n");
            Assert.Contains("16 rows read", page);
            await ImportAsync(lead, "/population/import", "population-counts", "establishment,snapshot_date,population\nFSN,2025-04-15,13\n");
            _arranged = true;
        }
        finally
        {
            Once.Release();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task National_lead_sees_every_establishment_and_family_group_as_ratios_of_sums_with_small_numbers_suppressed()
    {
        var lead = await App.SignedInAsync("pl-national");
        var doc = Html(await lead.GetStringAsync("/population?month=2025-04"));

        Assert.Equal(["HMP FSN", "West Midlands", "Test group", "12", "50.0%", "52.9", "73.7", "<5"], Row(doc, "#establishment-table tr[data-establishment=FSN]"));
        Assert.Equal(["HMP CDN", "Wales", "Test group", "5", "60.0%", "10.3", "47.8", "0"], Row(doc, "#establishment-table tr[data-establishment=CDN]"));
        Assert.Equal(["=HYPERLINK(\"http://example.com\")", "North West", "Other group", "No data", "No data", "No data", "No data", "No data"],
            Row(doc, "#establishment-table tr[data-establishment=NWN]"));
        Assert.Equal(["All shown", "", "17", "53.8%", "48.2", "63.7", "<5"], Row(doc, "#establishment-table tfoot tr"));
        Assert.Equal(["Other group", "1", "No data", "No data", "No data", "No data", "No data"], Row(doc, "#group-table tr[data-group='Other group']"));
        Assert.Equal(["Test group", "2", "17", "53.8%", "48.2", "63.7", "<5"], Row(doc, "#group-table tr[data-group='Test group']"));
        Assert.Contains("Across the 3 establishments shown, 53.8% of prisoners with a known home lived within 50 miles", Text(doc, "#comparison-summary"));
        // FSN: CF10 and LL11 (2); CDN: B1 and SW1A (2); both below the threshold of 5.
        Assert.Equal("Home in Wales, held in England: <5 prisoners. Home in England, held in Wales: <5 prisoners.",
            string.Join(" ", Text(doc, "#cross-border-summary").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("Contains OS data © Crown copyright", Text(doc, "#distance-attribution"));

        // In March CDN was in the other group.
        doc = Html(await lead.GetStringAsync("/population?month=2025-03"));
        Assert.Equal("Other group", Row(doc, "#establishment-table tr[data-establishment=CDN]")[2]);
    }

    [Fact]
    public async Task Tables_sort_by_any_column_with_no_data_last_and_filter_by_region()
    {
        var lead = await App.SignedInAsync("pl-national");
        string[] Order(AngleSharp.Html.Dom.IHtmlDocument d) => d.QuerySelectorAll("#establishment-table tbody tr").Select(r => r.GetAttribute("data-establishment")!).ToArray();

        var doc = Html(await lead.GetStringAsync("/population?month=2025-04&sort=pli&dir=desc"));
        Assert.Equal(["CDN", "FSN", "NWN"], Order(doc));
        Assert.Equal("descending", doc.QuerySelectorAll("#establishment-table th[aria-sort]").Single(th => th.TextContent.Contains("Locality index")).GetAttribute("aria-sort"));
        Assert.Contains("sort=pli&dir=asc", doc.QuerySelectorAll("#establishment-table thead a").Single(a => a.TextContent.Contains("Locality index")).GetAttribute("href"));
        doc = Html(await lead.GetStringAsync("/population?month=2025-04&sort=median&dir=asc"));
        Assert.Equal(["CDN", "FSN", "NWN"], Order(doc));
        doc = Html(await lead.GetStringAsync("/population?month=2025-04&sort=population&dir=desc"));
        Assert.Equal(["FSN", "CDN", "NWN"], Order(doc));
        doc = Html(await lead.GetStringAsync("/population?month=2025-04"));
        Assert.Equal(["NWN", "CDN", "FSN"], Order(doc)); // by name: "=HYPERLINK…" sorts before "HMP …"

        doc = Html(await lead.GetStringAsync("/population?month=2025-04&region=Wales"));
        Assert.Equal(["CDN"], Order(doc));
        Assert.Equal(["Test group", "1", "5", "60.0%", "10.3", "47.8", "0"], Row(doc, "#group-table tr[data-group='Test group']"));

        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/population?region=Atlantis")).StatusCode);
        var bad = await lead.GetAsync("/population?month=April");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = Html(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Enter a month in the form YYYY-MM", Text(badPage, ".govuk-error-summary"));
        Assert.Equal("April", badPage.QuerySelector("input#month")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/population?month=0001-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/population?sort=password")).StatusCode);
    }

    [Fact]
    public async Task Csv_export_has_the_figures_and_neutralises_formulas()
    {
        var lead = await App.SignedInAsync("pl-national");
        var response = await lead.GetAsync("/population/export?month=2025-04");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("establishment,name,region,family_group,month,population,known_homes,unknown_homes,within_radius,radius_miles,pli_pct,median_distance_miles,mean_distance_miles,home_in_wales_held_in_england,home_in_england_held_in_wales", lines[0]);
        Assert.Contains("CDN,HMP CDN,Wales,Test group,2025-04,5.0,5,0,<5,50.0,60.00,10.3,47.8,0,<5", lines);
        Assert.Contains("FSN,HMP FSN,West Midlands,Test group,2025-04,12.0,8,<5,<5,50.0,50.00,52.9,73.7,<5,0", lines);
        Assert.Contains("NWN,\"'=HYPERLINK(\"\"http://example.com\"\")\",North West,Other group,2025-04,,,,,50.0,,,,0,0", lines);

        lines = (await lead.GetStringAsync("/population/export?month=2025-04&level=groups")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("family_group,month,establishments,population,known_homes,unknown_homes,within_radius,radius_miles,pli_pct,median_distance_miles,mean_distance_miles,home_in_wales_held_in_england,home_in_england_held_in_wales", lines[0]);
        Assert.Contains("Test group,2025-04,2,17.0,13,<5,7,50.0,53.85,48.2,63.7,<5,<5", lines);

        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/population/export?level=everything")).StatusCode);
    }

    [Fact]
    public async Task A_regional_lead_sees_only_their_region_and_others_are_refused()
    {
        var wales = await App.SignedInAsync("pl-wales");
        var doc = Html(await wales.GetStringAsync("/population?month=2025-04"));
        Assert.Equal(["CDN"], doc.QuerySelectorAll("#establishment-table tbody tr").Select(r => r.GetAttribute("data-establishment")!));
        Assert.Equal(["", "Wales"], doc.QuerySelectorAll("#region option").Select(o => o.GetAttribute("value")!));
        Assert.Equal(HttpStatusCode.BadRequest, (await wales.GetAsync("/population?region=West%20Midlands")).StatusCode);
        var csv = await wales.GetStringAsync("/population/export?month=2025-04");
        Assert.DoesNotContain("FSN", csv);
        Assert.Equal(HttpStatusCode.Forbidden, (await wales.GetAsync("/establishments/FSN/population")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wales.GetAsync("/establishments/CDN/population")).StatusCode);

        foreach (var user in new[] { "gov-cdn", "staff-fsn", "admin-only" })
        {
            var client = await App.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/population")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/population/export")).StatusCode);
        }
        var governor = await App.SignedInAsync("gov-cdn");
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/establishments/FSN/population")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/establishments/FSN/population/import")).StatusCode);
        var anonymous = await App.Browser().GetAsync("/population");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_welsh_establishment_counts_homes_in_england()
    {
        var governor = await App.SignedInAsync("gov-cdn");
        var doc = Html(await governor.GetStringAsync("/establishments/CDN/population?month=2025-04"));
        Assert.Contains("Home in England, held in Wales: 2.", Text(doc, "#cross-border"));
        Assert.Equal("60.0%", Text(doc, "#figure-pli"));
        Assert.Equal("10.3", Text(doc, "#figure-median"));
        Assert.Contains("Movement needs prisoner-level snapshots", doc.QuerySelector("#movement")!.NextElementSibling!.TextContent);
    }
}
