using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>
/// One small-number rule for every page, download and API answer (DESIGN.md "Family-group comparison"). The Cookham
/// Wood case of issue 9: an establishment with counts of 1-4 (1 enhanced family visit, 1 unknown home, 3 visits
/// attended), seen by a national pathway lead without a grant there, showed "&lt;5" on the dashboard but 1 and 3 on
/// the return page, its CSV and the XLSX. Now they all withhold them from the lead; the governor sees them exact.
/// </summary>
public sealed class SmallNumberSuppressionTests
{
    private static readonly YearMonth April = new(2025, 4);

    private static async Task<AppFactory> StartAsync()
    {
        var app = new AppFactory();
        await app.StartAsync();
        await app.AddEstablishmentAsync("CKS");
        await app.AddEstablishmentAsync("CKT");
        await ReturnsData.GroupAsync(app, "Young offenders", 202501, "CKS", "CKT");
        // CKS: 3 visits attended, 4 child visitors, 1 enhanced family visit, 1 session lost, 16 places (ReturnsData.MonthAsync).
        await ReturnsData.MonthAsync(app, April, "CKS", "CKT");
        // ... and one prisoner whose home is unknown, in a prisoner-level snapshot.
        await app.WithDbAsync(async db =>
        {
            var e = await db.Establishments.SingleAsync(x => x.Code == "CKS");
            db.PopulationSnapshots.Add(new PopulationSnapshot
            {
                EstablishmentId = e.Id, SnapshotDate = new DateOnly(2025, 4, 25), Month = April.Key, Kind = PopulationSnapshotKind.PrisonerLevel,
                Population = 1, ImportedAt = DateTime.UtcNow,
                Records = [new PopulationRecord { Prisoner = "A1111AA", UnknownHomeReason = "no home postcode given" }],
            });
            await db.SaveChangesAsync();
        });
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(April, CancellationToken.None);
        }
        await app.AddUserAsync("gov-cks", Roles.Governor, "CKS");
        await app.AddUserAsync("pl-national", Roles.PathwayLead, null);
        return app;
    }

    /// <summary>The return page's own value of a KPI row (the first cell after its name).</summary>
    private static async Task<string> ReturnPageValueAsync(HttpClient client, string rowName)
    {
        var doc = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/CKS/returns/2025-04"));
        var row = doc.QuerySelectorAll("table.vc-return-kpis tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Trim() == rowName);
        return row.QuerySelector("td")!.TextContent.Trim();
    }

    private static async Task<Dictionary<string, string>> CsvRowAsync(HttpClient client)
    {
        var lines = (await client.GetStringAsync("/establishments/CKS/returns/2025-04/export.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        return lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
    }

    private static async Task<JsonElement> ApiAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/establishments/CKS/kpis?month=2025-04")).RootElement;

    private static JsonElement ApiKpi(JsonElement root, Kpi kpi) =>
        root.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi.ToString());

    [Fact]
    public async Task A_pathway_lead_without_a_grant_sees_small_counts_withheld_on_the_return_page_csv_xlsx_and_api()
    {
        await using var app = await StartAsync();
        var lead = await app.SignedInAsync("pl-national");

        Assert.Equal("<5", await ReturnPageValueAsync(lead, "Enhanced family visits"));
        Assert.Equal("<5", await ReturnPageValueAsync(lead, "Visits attended"));
        Assert.Equal("<5", await ReturnPageValueAsync(lead, "Prisoners with unknown home"));
        Assert.Equal("16", await ReturnPageValueAsync(lead, "Places available")); // never suppressed

        var csv = await CsvRowAsync(lead);
        Assert.Equal(("<5", "<5", "<5", "<5", "16", "8"),
            (csv["enhanced_family_visits"], csv["unknown_home_count"], csv["visits_attended"], csv["child_visitors"], csv["places_available"], csv["visitors"]));

        var xlsx = await lead.GetByteArrayAsync("/returns/export?month=2025-04&format=xlsx");
        using (var stream = new MemoryStream(xlsx))
        {
            var row = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>()
                .Single(r => (string?)r["establishment"] == "CKS");
            Assert.Equal("<5", row["enhanced_family_visits"]);
            Assert.Equal("<5", row["unknown_home_count"]);
            Assert.Equal(16.0, Convert.ToDouble(row["places_available"], System.Globalization.CultureInfo.InvariantCulture));
        }
        var monthCsv = await lead.GetStringAsync("/returns/export?month=2025-04&format=csv");
        Assert.Contains("CKS,2025-04,1,Draft,Young offenders,", monthCsv);
        Assert.DoesNotContain(",3,1.50,", monthCsv);

        var api = await ApiAsync(lead);
        var enhanced = ApiKpi(api, Kpi.EnhancedFamilyVisits);
        Assert.Equal(JsonValueKind.Null, enhanced.GetProperty("value").ValueKind);
        Assert.True(enhanced.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, api.GetProperty("unknownHomeCount").ValueKind);
        Assert.Equal(16, ApiKpi(api, Kpi.PlacesAvailable).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task The_establishments_own_governor_sees_the_same_figures_exact()
    {
        await using var app = await StartAsync();
        var governor = await app.SignedInAsync("gov-cks");

        Assert.Equal("1", await ReturnPageValueAsync(governor, "Enhanced family visits"));
        Assert.Equal("3", await ReturnPageValueAsync(governor, "Visits attended"));
        Assert.Equal("1", await ReturnPageValueAsync(governor, "Prisoners with unknown home"));

        var csv = await CsvRowAsync(governor);
        Assert.Equal(("1", "1", "3", "4", "16"),
            (csv["enhanced_family_visits"], csv["unknown_home_count"], csv["visits_attended"], csv["child_visitors"], csv["places_available"]));

        var api = await ApiAsync(governor);
        var enhanced = ApiKpi(api, Kpi.EnhancedFamilyVisits);
        Assert.Equal(1, enhanced.GetProperty("value").GetDouble());
        Assert.False(enhanced.GetProperty("suppressed").GetBoolean());
        Assert.Equal(1, api.GetProperty("unknownHomeCount").GetInt32());
    }

    [Fact]
    public async Task The_governors_return_page_offers_an_xlsx_beside_the_csv_with_the_return_columns_exact()
    {
        await using var app = await StartAsync();
        var governor = await app.SignedInAsync("gov-cks");
        var page = new HtmlParser().ParseDocument(await governor.GetStringAsync("/establishments/CKS/returns/2025-04"));
        var links = page.QuerySelectorAll("a[download]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/establishments/CKS/returns/2025-04/export.csv", links);
        Assert.Contains("/establishments/CKS/returns/2025-04/export.xlsx", links);

        var response = await governor.GetAsync("/establishments/CKS/returns/2025-04/export.xlsx");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VisitsCapture.Core.Exports.TabularExport.XlsxType, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Establishments"], MiniExcel.GetSheetNames(stream));
        var columns = MiniExcel.GetColumns(stream, useHeaderRow: true, sheetName: "Establishments").ToList();
        Assert.Equal(["establishment", "name", "period", "region", "family_group", "version", "status", "months_returned", "population"], columns.Take(9));
        Assert.Equal([.. KpiFormulas.Table.Select(KpiFormulas.CsvColumn), "unknown_home_count",
            .. KpiFormulas.FamilyContact.Select(KpiFormulas.CsvColumn), "nearer_to_home_count"], columns.Skip(9));
        var row = Assert.Single(MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>());
        Assert.Equal(("CKS", "2025-04", "Young offenders", "Draft"), ((string?)row["establishment"], (string?)row["period"], (string?)row["family_group"], (string?)row["status"]));
        Assert.Equal(1.0, Convert.ToDouble(row["enhanced_family_visits"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3.0, Convert.ToDouble(row["visits_attended"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1.0, Convert.ToDouble(row["unknown_home_count"], System.Globalization.CultureInfo.InvariantCulture));

        var lead = await app.SignedInAsync("pl-national");
        using var withheld = new MemoryStream(await lead.GetByteArrayAsync("/establishments/CKS/returns/2025-04/export.xlsx"));
        var leadRow = Assert.Single(MiniExcel.Query(withheld, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>());
        Assert.Equal("<5", leadRow["visits_attended"]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await governor.GetAsync("/establishments/CKS/returns/2025-05/export.xlsx")).StatusCode);
    }
}
