using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MiniExcelLibs;
using VisitsCapture.Core.Exports;

namespace VisitsCapture.IntegrationTests.Kpis;

/// <summary>The pathway's family-group comparison and the regional and national roll-ups over the seeded dataset.</summary>
[Collection(KpiDatasetCollection.Name)]
public sealed class ComparisonPagesTests(KpiDatasetFixture fixture)
{
    private const string CatC = "/family-groups/Male%20Cat%20C%20trainer";

    private async Task<IDocument> PageAsync(string url, string user = "lead")
    {
        var client = await fixture.App.SignedInAsync(user);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToList();

    private static string Cell(IDocument page, string table, string row, string kpi) =>
        page.QuerySelector($"#{table} tr[data-row='{row}'] td[data-kpi='{kpi}']")!.TextContent.Trim();

    [Fact]
    public async Task Every_family_group_side_by_side_with_the_national_figure()
    {
        var page = await PageAsync("/family-groups?period=2025-05&kpi=CapacityRatio");

        Assert.Equal(["Male Cat C trainer", "4 of 5", "0.00", "0.66", "1.19", "1.50", "1.50", "0.96"], Cells(page.QuerySelector("#groups-table tr[data-group='Male Cat C trainer']")!));
        Assert.Equal(["Male local", "0 of 1", "No data", "No data", "No data", "No data", "No data", "No data"], Cells(page.QuerySelector("#groups-table tr[data-group='Male local']")!));
        Assert.Equal("0.96", page.QuerySelector("#groups-table tr[data-group='National'] [data-total]")!.TextContent.Trim()); // 110 / 115
        var chart = JsonDocument.Parse(page.QuerySelector("script#groups-chart-data")!.TextContent).RootElement;
        Assert.Equal("range", chart.GetProperty("kind").GetString());
        Assert.Equal(["Male Cat C trainer"], chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([0.66, 1.5], chart.GetProperty("ranges")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(1.19, chart.GetProperty("medians")[0].GetDouble());
        Assert.Equal(0.96, chart.GetProperty("national").GetDouble());
        var canvas = page.QuerySelector("canvas#groups-chart")!;
        Assert.Equal("img", canvas.GetAttribute("role"));
        Assert.NotEmpty(canvas.GetAttribute("aria-label")!);
    }

    [Fact]
    public async Task A_groups_members_with_values_and_ranks_and_small_counts_withheld()
    {
        var ratio = await PageAsync(CatC + "?period=2025-05&kpi=CapacityRatio");
        var rows = ratio.QuerySelectorAll("#members-table tbody tr").ToDictionary(r => r.GetAttribute("data-establishment")!);
        Assert.Equal(["BBB", "DDD", "AAA", "CCC", "FFF"], rows.Keys); // by rank, ties by name, no data last
        Assert.Equal("1 of 4", rows["BBB"].QuerySelector("[data-rank]")!.TextContent.Trim());
        Assert.Equal("1 of 4", rows["DDD"].QuerySelector("[data-rank]")!.TextContent.Trim());
        Assert.Equal("3 of 4", rows["AAA"].QuerySelector("[data-rank]")!.TextContent.Trim());
        Assert.Equal("No data", rows["FFF"].QuerySelector("[data-value]")!.TextContent.Trim());
        Assert.Equal("1.19", ratio.QuerySelector("[data-stat='median']")!.TextContent.Trim());
        Assert.Equal("0.96", ratio.QuerySelector("[data-stat='group']")!.TextContent.Trim());

        var visits = await PageAsync(CatC + "?period=2025-05&kpi=VisitsAttended");
        string V(string code) => visits.QuerySelector($"#members-table tr[data-establishment='{code}'] [data-value]")!.TextContent.Trim();
        Assert.Equal(("<5", "<5", "5", "0", "6"), (V("BBB"), V("FFF"), V("AAA"), V("CCC"), V("DDD")));
        Assert.Equal("<5", visits.QuerySelector("[data-stat='median']")!.TextContent.Trim()); // 4
        Assert.Equal("<5", visits.QuerySelector("[data-stat='lower-quartile']")!.TextContent.Trim()); // 3
        Assert.Equal("18", visits.QuerySelector("[data-stat='group']")!.TextContent.Trim());
        Assert.DoesNotContain(visits.QuerySelectorAll("#members-table [data-value]"), c => c.TextContent.Trim() is "1" or "2" or "3" or "4");
        var chart = JsonDocument.Parse(visits.QuerySelector("script#members-chart-data")!.TextContent).RootElement;
        Assert.DoesNotContain(chart.GetProperty("values").EnumerateArray(), v => v.ValueKind == JsonValueKind.Number && v.GetDouble() is > 0 and < 5);
    }

    [Fact]
    public async Task A_quarter_is_a_ratio_of_sums_with_the_group_each_establishment_ended_it_in()
    {
        var page = await PageAsync(CatC + "?period=2025-Q1&kpi=CapacityRatio");

        string V(string code) => page.QuerySelector($"#members-table tr[data-establishment='{code}'] [data-value]")!.TextContent.Trim();
        Assert.Equal("0.75", V("AAA")); // (40 + 35) / (60 + 40), not the mean of 0.67 and 0.88
        Assert.Equal("No data", V("FFF")); // in the group at the end of the quarter; no population
        Assert.Equal("1.13", page.QuerySelector("[data-stat='median']")!.TextContent.Trim()); // (0.75 + 1.50) / 2 = 1.125
        Assert.Equal("0.86", page.QuerySelector("[data-stat='group']")!.TextContent.Trim()); // 150 / 175
        Assert.Equal("0.76", page.QuerySelector("[data-stat='national']")!.TextContent.Trim()); // 170 / 225, EEE included
    }

    [Fact]
    public async Task Regional_and_national_roll_ups_are_ratios_of_sums()
    {
        var page = await PageAsync("/national?period=2025-05");

        Assert.Equal("0.96", Cell(page, "regions-table", "National", "CapacityRatio")); // 110 / 115: FFF has no population
        Assert.Equal("12.17", Cell(page, "regions-table", "National", "VisitsPer100Prisoners")); // 1400 / 115
        Assert.Equal("122", Cell(page, "regions-table", "National", "PlacesAvailable"));
        Assert.Equal("18", Cell(page, "regions-table", "National", "VisitsAttended"));
        Assert.Equal("14.75", Cell(page, "regions-table", "National", "UtilisationPct")); // 1800 / 122
        Assert.Equal("52.9", Cell(page, "regions-table", "National", "MeanDistanceMiles"));
        Assert.Equal("Not available", Cell(page, "regions-table", "National", "MedianDistanceMiles"));
        Assert.Equal("1.08", Cell(page, "regions-table", "West Midlands", "CapacityRatio")); // 65 / 60
        Assert.Equal("13.33", Cell(page, "regions-table", "West Midlands", "VisitsPer100Prisoners")); // 800 / 60
        Assert.Equal("8", Cell(page, "regions-table", "West Midlands", "VisitsAttended"));
        Assert.Equal("0.82", Cell(page, "regions-table", "Wales", "CapacityRatio")); // 45 / 55
        Assert.Equal("<5", Cell(page, "regions-table", "Wales", "SessionsLost")); // 1
        Assert.Equal("No data", Cell(page, "regions-table", "North West", "CapacityRatio"));
        Assert.Equal("<5", Cell(page, "regions-table", "North West", "VisitsAttended")); // 4
        Assert.Equal("0.96", Cell(page, "groups-table", "Male Cat C trainer", "CapacityRatio"));

        var quarter = await PageAsync("/national?period=2025-Q1");
        Assert.Equal("0.76", Cell(quarter, "regions-table", "National", "CapacityRatio")); // 170 / 225
        Assert.Equal("9.33", Cell(quarter, "regions-table", "National", "VisitsPer100Prisoners")); // 2100 / 225
    }

    [Fact]
    public async Task Exports_as_csv_and_xlsx_carry_the_same_numbers()
    {
        var client = await fixture.App.SignedInAsync("lead");

        var csv = await client.GetAsync("/family-groups/export?period=2025-05&kpi=CapacityRatio&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period,kpi,family_group,members_with_data,minimum,lower_quartile,median,upper_quartile,maximum,group_value", lines[0]);
        Assert.Contains("2025-05,CapacityRatio,Male Cat C trainer,4,0.00,0.66,1.19,1.50,1.50,0.96", lines);
        Assert.Contains("2025-05,CapacityRatio,National,4,,,,,,0.96", lines);

        var members = await (await client.GetAsync(CatC + "/export?period=2025-05&kpi=VisitsAttended&format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("2025-05,VisitsAttended,Male Cat C trainer,BBB,HMP BBB,West Midlands,<5,4,4", members);

        var xlsx = await client.GetAsync(CatC + "/export?period=2025-05&kpi=CapacityRatio&format=xlsx");
        Assert.Equal(TabularExport.XlsxType, xlsx.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var aaa = rows.Single(r => (string?)r["establishment"] == "AAA");
        Assert.Equal(0.88, Convert.ToDouble(aaa["value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3.0, Convert.ToDouble(aaa["rank"], System.Globalization.CultureInfo.InvariantCulture));

        var national = await (await client.GetAsync("/national/export?period=2025-05&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("period,level,name,establishments,places_available,capacity_ratio,", national);
        Assert.Contains("2025-05,national,National,5,122,0.96,18,12.17,", national);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/national/export?period=2025-05&format=pdf")).StatusCode);
    }

    [Theory]
    [InlineData("West Midlands", "west-midlands")]
    [InlineData("Male Cat C trainer (North)", "male-cat-c-trainer--north")]
    [InlineData("Ynys Môn", "ynys-m-n")]
    public void Download_names_keep_ascii_letters_and_digits(string name, string slug) =>
        Assert.Equal(slug, TabularExport.Slug(name));

    [Fact]
    public void Exported_text_cannot_run_as_a_spreadsheet_formula()
    {
        var table = new ExportTable("Test", ["name", "change"],
        [
            ["=HYPERLINK(\"http://x\")", ExportCell.Of(-0.12, "-0.12")],
            ["+1", ExportCell.Of(0.5, "0.50")],
            ["-2", ""],
            ["@SUM(A1)", ""],
            ["\tTab", ""],
            ["HMP Safe", ""],
        ]);

        var csv = System.Text.Encoding.UTF8.GetString(TabularExport.Csv(table)).Split("\r\n");
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\",-0.12", csv[1]); // numbers stay numbers
        Assert.Equal("'+1,0.50", csv[2]);
        Assert.Equal("'-2,", csv[3]);
        Assert.Equal("'@SUM(A1),", csv[4]);
        Assert.StartsWith("'\t", csv[5].TrimStart('"'));
        Assert.Equal("HMP Safe,", csv[6]);

        using var stream = new MemoryStream(TabularExport.Xlsx(table));
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[0]["name"]);
        Assert.Equal(-0.12, Convert.ToDouble(rows[0]["change"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("gov-aaa", "/family-groups")]
    [InlineData("gov-aaa", "/family-groups/export?format=csv")]
    [InlineData("gov-aaa", "/national")]
    [InlineData("gov-aaa", "/family-groups/Male%20local?period=2025-05")] // not the governor's group
    [InlineData("gov-aaa", "/family-groups/Male%20local/export?period=2025-05&format=csv")]
    [InlineData("staff-aaa", "/family-groups/Male%20Cat%20C%20trainer?period=2025-05")] // hall staff review no KPIs
    public async Task Only_pathway_leads_see_every_comparison_and_a_governor_only_their_group(string user, string url)
    {
        var client = await fixture.App.SignedInAsync(user);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_governor_sees_their_groups_page_with_their_own_counts_exact_and_other_members_small_counts_withheld()
    {
        var dashboard = await PageAsync("/establishments/BBB/dashboard?month=2025-05", "gov-bbb");
        var link = dashboard.QuerySelectorAll("a").Single(a => a.TextContent.Contains("family group", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal(CatC + "?period=2025-05", link);

        var visits = await PageAsync(CatC + "?period=2025-05&kpi=VisitsAttended", "gov-bbb");
        string V(string code) => visits.QuerySelector($"#members-table tr[data-establishment='{code}'] [data-value]")!.TextContent.Trim();
        Assert.Equal(("3", "<5", "5", "0", "6"), (V("BBB"), V("FFF"), V("AAA"), V("CCC"), V("DDD")));
        Assert.Equal("<5", visits.QuerySelector("[data-stat='median']")!.TextContent.Trim()); // 4, FFF's: a figure of the group, outside BBB
        Assert.Null(visits.QuerySelector("a[href^='/family-groups?']")); // every group is the pathway's
        Assert.NotNull(visits.QuerySelector("#members-table tr[data-establishment='BBB'] a"));
        Assert.Null(visits.QuerySelector("#members-table tr[data-establishment='AAA'] a"));
        var chart = JsonDocument.Parse(visits.QuerySelector("script#members-chart-data")!.TextContent).RootElement;
        Assert.Equal([3.0], chart.GetProperty("values").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number && v.GetDouble() is > 0 and < 5).Select(v => v.GetDouble()));

        var client = await fixture.App.SignedInAsync("gov-bbb");
        var members = await (await client.GetAsync(CatC + "/export?period=2025-05&kpi=VisitsAttended&format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("2025-05,VisitsAttended,Male Cat C trainer,BBB,HMP BBB,West Midlands,3,4,4", members);
        Assert.Contains("2025-05,VisitsAttended,Male Cat C trainer,FFF,", members);
        Assert.DoesNotContain(members.Split("\r\n"), l => l.Contains(",FFF,", StringComparison.Ordinal) && !l.Contains(",<5,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/family-groups?period=2025-13")]
    [InlineData("/family-groups?kpi=Nonsense")]
    [InlineData("/family-groups?kpi=3")]
    [InlineData("/national?period=2031-Q1")]
    public async Task A_bad_period_or_kpi_is_refused_with_an_error_message(string url)
    {
        var client = await fixture.App.SignedInAsync("lead");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("govuk-error-summary", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_family_group_page_is_not_found()
    {
        var client = await fixture.App.SignedInAsync("lead");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/family-groups/Nobody")).StatusCode);
    }
}
