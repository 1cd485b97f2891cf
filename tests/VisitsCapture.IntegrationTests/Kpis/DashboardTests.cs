using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The governor's dashboard and the no-visit list over the seeded dataset (15 June 2025; default month May 2025).</summary>
[Collection(KpiDatasetCollection.Name)]
public sealed class DashboardTests(KpiDatasetFixture fixture) : DashboardTests<KpiDatasetFixture>(fixture);

[Collection(PostgresKpiDatasetCollection.Name)]
public sealed class PostgresDashboardTests(PostgresKpiDatasetFixture fixture) : DashboardTests<PostgresKpiDatasetFixture>(fixture);

public abstract class DashboardTests<TFixture>(TFixture fixture) where TFixture : KpiDatasetFixtureBase
{
    private async Task<IDocument> PageAsync(string user, string url)
    {
        var client = await fixture.App.SignedInAsync(user);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static IElement Tile(IDocument page, string kpi) => page.QuerySelector($".vc-kpi-tile[data-kpi='{kpi}']")!;

    private static string Text(IElement scope, string selector) => scope.QuerySelector(selector)!.TextContent.Trim();

    private static string Value(IDocument page, string kpi) =>
        Text(page.QuerySelector($".vc-kpi-tile[data-kpi='{kpi}']") ?? page.QuerySelector($"#other-kpis tr[data-kpi='{kpi}']")!, "[data-value]");

    [Fact]
    public async Task Headline_tiles_show_value_group_median_rank_rag_and_change()
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard");

        Assert.Contains("May 2025", page.QuerySelector("h1")!.TextContent); // the last complete month
        var capacity = Tile(page, "CapacityRatio");
        Assert.Equal("0.88", Text(capacity, "[data-value]"));
        Assert.Equal("1.19", Text(capacity, "[data-median]"));
        Assert.Equal("rank 3 of 4 in Male Cat C trainer", Text(capacity, "[data-rank]"));
        Assert.Equal("Red", Text(capacity, "[data-rag]"));
        Assert.Equal("+0.21", Text(capacity, "[data-change]"));
        var visits = Tile(page, "VisitsPer100Prisoners");
        Assert.Equal("12.50", Text(visits, "[data-value]"));
        Assert.Equal("13.75", Text(visits, "[data-median]"));
        Assert.Equal("rank 3 of 4 in Male Cat C trainer", Text(visits, "[data-rank]"));
        Assert.Equal("Amber", Text(visits, "[data-rag]"));
        Assert.Equal("+9.17", Text(visits, "[data-change]"));
    }

    [Theory]
    [InlineData("PlacesAvailable", "35")]
    [InlineData("VisitsAttended", "5")]
    [InlineData("Visitors", "12")]
    [InlineData("ChildVisitors", "5")]
    [InlineData("ChildVisitorsPer100Prisoners", "12.50")]
    [InlineData("EnhancedFamilyVisits", "2")]
    [InlineData("UtilisationPct", "14.29")]
    [InlineData("PrisonerReachPct", "7.50")]
    [InlineData("NoShowPct", "28.57")]
    [InlineData("SessionsLost", "1")]
    [InlineData("MeanDistanceMiles", "52.9")]
    [InlineData("MedianDistanceMiles", "45.0")]
    [InlineData("PliPct", "50.00")]
    [InlineData("UnknownHomes", "4")]
    public async Task Other_kpis_show_the_unit_fixtures_numbers(string kpi, string expected)
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-05");

        Assert.Equal(expected, Value(page, kpi));
    }

    [Fact]
    public async Task The_dashboard_and_the_api_show_the_same_numbers()
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-05");
        var client = await fixture.App.SignedInAsync("gov-aaa");
        var api = JsonDocument.Parse(await client.GetStringAsync("/api/establishments/AAA/kpis?month=2025-05")).RootElement;

        foreach (var k in api.GetProperty("kpis").EnumerateArray())
        {
            var kpi = k.GetProperty("kpi").GetString()!;
            var decimals = kpi switch
            {
                "PlacesAvailable" or "VisitsAttended" or "Visitors" or "ChildVisitors" or "EnhancedFamilyVisits" or "SessionsLost" or "Arrivals" or "Leavers" => 0,
                "MeanDistanceMiles" or "MedianDistanceMiles" => 1,
                _ => 2,
            };
            // AAA has no prisoner-level snapshot in April, so May's arrivals and leavers are "no data" on both.
            var value = k.GetProperty("value").ValueKind == JsonValueKind.Null
                ? "No data"
                : k.GetProperty("value").GetDouble().ToString("F" + decimals, CultureInfo.InvariantCulture);
            Assert.Equal(value, Value(page, kpi));
        }
    }

    [Fact]
    public async Task Group_statistics_that_are_small_counts_are_withheld_even_from_the_governor()
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-05");

        var row = page.QuerySelector("#other-kpis tr[data-kpi='VisitsAttended']")!;
        Assert.Equal("5", Text(row, "[data-value]"));
        Assert.Equal("<5", Text(row, "[data-median]")); // median of 0, 3, 4, 5, 6
    }

    [Fact]
    public async Task A_pathway_lead_sees_small_counts_withheld_on_an_establishments_dashboard()
    {
        var page = await PageAsync("lead", "/establishments/BBB/dashboard?month=2025-05");

        Assert.Equal("<5", Value(page, "VisitsAttended")); // 3
        Assert.Equal("30", Value(page, "PlacesAvailable"));
        Assert.Equal("1.50", Text(Tile(page, "CapacityRatio"), "[data-value]"));
        Assert.Equal("rank 1 of 4 in Male Cat C trainer", Text(Tile(page, "CapacityRatio"), "[data-rank]")); // tied with DDD
        Assert.Null(page.QuerySelector("a[href$='/no-visits']"));
    }

    [Fact]
    public async Task Trend_charts_have_a_json_block_an_accessible_canvas_and_a_table_with_the_same_numbers()
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-05");

        foreach (var kpi in new[] { "CapacityRatio", "VisitsPer100Prisoners" })
        {
            var canvas = page.QuerySelector($"canvas#trend-{kpi}")!;
            Assert.Equal("img", canvas.GetAttribute("role"));
            Assert.False(string.IsNullOrWhiteSpace(canvas.GetAttribute("aria-label")));
            var data = page.QuerySelector($"script#trend-{kpi}-data")!;
            Assert.Equal("application/json", data.GetAttribute("type"));
            var json = JsonDocument.Parse(data.TextContent).RootElement;
            Assert.Equal(13, json.GetProperty("labels").GetArrayLength());
            var rows = page.QuerySelectorAll($"#trend-{kpi}-table tbody tr");
            Assert.Equal(13, rows.Length);
            Assert.Equal("May 2024", rows[0].QuerySelector("th")!.TextContent.Trim());
        }
        var capacityRows = page.QuerySelectorAll("#trend-CapacityRatio-table tbody tr");
        var april = capacityRows[11].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["0.67", "0.67", "Male Cat C trainer"], april); // AAA the only member with data in April
        var may = capacityRows[12].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["0.88", "1.19", "Male Cat C trainer"], may);
        Assert.Equal("No data", capacityRows[0].QuerySelectorAll("td")[0].TextContent.Trim());
        var series = JsonDocument.Parse(page.QuerySelector("script#trend-CapacityRatio-data")!.TextContent).RootElement.GetProperty("series");
        Assert.Equal(0.88, series[0].GetProperty("data")[12].GetDouble());
        Assert.Equal(1.19, series[1].GetProperty("data")[12].GetDouble());
        Assert.Equal(JsonValueKind.Null, series[0].GetProperty("data")[0].ValueKind);
        Assert.NotNull(page.QuerySelector("script[src='/lib/chart.js/chart.umd.min.js']"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/kpi-charts.js']"));
    }

    [Fact]
    public async Task Data_quality_panel_and_links_to_the_months_sessions()
    {
        var page = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-05");

        var quality = page.QuerySelector("#data-quality")!;
        Assert.StartsWith("1", Text(quality, "[data-quality='sessions-without-outcomes']")); // 6 May: A4444DD has no outcome
        Assert.NotNull(quality.QuerySelector("a[href='/establishments/AAA/today?date=2025-05-06']"));
        Assert.Equal("26 of 31 days", Text(quality, "[data-quality='days-without-sessions']")); // sessions on the 6th, 13th, 20th, 27th and 29th
        Assert.Equal("Recorded, prisoner level", Text(quality, "[data-quality='population']"));
        Assert.Equal("9.52%", Text(quality, "[data-quality='unknown-homes']")); // 4 of 42
        var days = page.QuerySelectorAll("#session-days a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["06", "13", "20", "27", "29"], days.Select(h => h![^2..]).ToList());
        Assert.All(days, h => Assert.StartsWith("/establishments/AAA/today?date=2025-05-", h));

        var fff = await PageAsync("lead", "/establishments/FFF/dashboard?month=2025-05");
        Assert.StartsWith("Missing", Text(fff.DocumentElement, "[data-quality='population']"));
        // AAA's April has a count only: the wording a return of that month stores.
        var april = await PageAsync("gov-aaa", "/establishments/AAA/dashboard?month=2025-04");
        Assert.Equal("Count only: no prisoner-level snapshot this month, so distance from home and PLI have no data.",
            Text(april.DocumentElement, "[data-quality='population']"));
        Assert.Equal("No data", Text(Tile(fff, "CapacityRatio"), "[data-value]"));
    }

    [Fact]
    public async Task A_bad_month_is_refused_with_an_error_message()
    {
        var client = await fixture.App.SignedInAsync("gov-aaa");

        var response = await client.GetAsync("/establishments/AAA/dashboard?month=2025-99");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#month']"));
    }

    [Fact]
    public async Task A_governor_cannot_see_another_establishments_dashboard_or_its_no_visit_list()
    {
        var client = await fixture.App.SignedInAsync("gov-aaa");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/BBB/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/BBB/no-visits")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/BBB/no-visits/csv")).StatusCode);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("lead-wm")]
    [InlineData("admin")]
    [InlineData("gov-bbb")]
    public async Task Only_the_establishments_own_governor_and_staff_see_the_no_visit_list(string user)
    {
        var client = await fixture.App.SignedInAsync(user);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/AAA/no-visits")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/establishments/AAA/no-visits/csv")).StatusCode);
    }

    [Theory]
    [InlineData("gov-aaa")]
    [InlineData("staff-aaa")]
    public async Task No_visit_list_is_the_latest_snapshot_minus_prisoners_visited_in_the_last_90_days(string user)
    {
        var page = await PageAsync(user, "/establishments/AAA/no-visits");

        var prisoners = page.QuerySelectorAll("#no-visits tbody td").Select(td => td.TextContent.Trim()).ToList();
        // 42 in the 31 May snapshot, less A1111AA, A2222BB, A5555EE (May) and B0002BB (18 March, the first day of the window).
        Assert.Equal(38, prisoners.Count);
        Assert.Contains("A6666FF", prisoners); // only a legal (Official) visit
        Assert.Contains("B0001BB", prisoners); // 17 March: 91 days before 15 June
        Assert.DoesNotContain("B0002BB", prisoners);
        Assert.DoesNotContain("A1111AA", prisoners);
        Assert.Equal(prisoners.Order(StringComparer.Ordinal), prisoners);

        var client = await fixture.App.SignedInAsync(user);
        var csv = await client.GetAsync("/establishments/AAA/no-visits/csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("prisoner", lines[0]);
        Assert.Equal(prisoners, lines.Skip(1).ToList());
    }
}
