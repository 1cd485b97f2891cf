using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Returns;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Features.Returns;
using VisitsCapture.Web.Features.Sessions;

namespace VisitsCapture.IntegrationTests.Returns;

/// <summary>The returns pages over HTTP: sign-off by the governor only, the pathway lead's status view, quarters, downloads.</summary>
public sealed class ReturnsPagesTests
{
    private static readonly YearMonth April = new(2025, 4);

    private static async Task<GenerationResult> GenerateAsync(AppFactory app, YearMonth month)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReturnGenerator>().GenerateMonthAsync(month, CancellationToken.None);
    }

    private static async Task<AppFactory> StartAsync()
    {
        var app = new AppFactory();
        await app.StartAsync();
        await app.AddEstablishmentAsync("RPA");
        await app.AddEstablishmentAsync("RPB");
        await app.AddEstablishmentAsync("RPC", region: "Wales");
        await ReturnsData.GroupAsync(app, "Male locals", 202501, "RPA", "RPB");
        return app;
    }

    [Fact]
    public async Task Only_a_governor_of_the_establishment_signs_off_with_a_comment_and_a_revision_needs_signing_again()
    {
        await using var app = await StartAsync();
        var noShow = await ReturnsData.MonthAsync(app, April, "RPA", "RPB");
        await GenerateAsync(app, April);
        await app.AddUserAsync("gov-rpa", Roles.Governor, "RPA");
        await app.AddUserAsync("staff-rpa", Roles.VisitsStaff, "RPA");
        await app.AddUserAsync("pl-all", Roles.PathwayLead, null);
        const string page = "/establishments/RPA/returns/2025-04";
        const string post = page + "/sign-off";

        // Returns are reviewed by the governor and the pathway, not by hall staff.
        var staff = await app.SignedInAsync("staff-rpa");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync(post, new() { ["Version"] = "1" }, "/establishments")).StatusCode);
        var lead = await app.SignedInAsync("pl-all");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostFormAsync(post, new() { ["Version"] = "1" }, page)).StatusCode);

        var governor = await app.SignedInAsync("gov-rpa");
        var html = await governor.GetStringAsync(page);
        Assert.Contains("Sign off version 1", html);
        Assert.Contains("href=\"/css/returns-print.css", html);
        Assert.Contains("media=\"print\"", html);
        var signed = await governor.PostFormAsync(post, new() { ["Version"] = "1", ["Comment"] = "Checked against the hall log" }, page);
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal(page, signed.Headers.Location!.OriginalString);
        var r = await app.WithDbAsync(db => db.MonthlyReturns.SingleAsync(x => x.Establishment!.Code == "RPA"));
        Assert.Equal((ReturnStatus.SignedOff, "gov-rpa", "Checked against the hall log"), (r.Status, r.SignedOffBy, r.SignOffComment));
        Assert.NotNull(r.SignedOffAt);
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.EntityType == nameof(MonthlyReturn) && e.Action == "Updated" && e.Actor == "gov-rpa")));

        var again = await governor.PostFormAsync(post, new() { ["Version"] = "1" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Version 1 is already signed off.", await again.Content.ReadAsStringAsync());

        // Late data: version 2 goes back to draft; signing off the version the governor had open is refused.
        await app.WithDbAsync(async db =>
        {
            (await db.Visits.SingleAsync(v => v.Id == noShow)).Outcome = VisitOutcome.Attended;
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, (await GenerateAsync(app, April)).Revised);
        // Razor writes "→" as a character reference: compare the text a reader sees.
        var revisedHtml = new HtmlParser().ParseDocument(await governor.GetStringAsync(page)).Body!.TextContent;
        Assert.Contains("Returned to draft", revisedHtml);
        Assert.Contains("Visits attended 3 → 4", revisedHtml);
        var stale = await governor.PostFormAsync(post, new() { ["Version"] = "1" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("review version 2 before signing it off", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await governor.PostFormAsync(post, new() { ["Version"] = "2" }, page)).StatusCode);
        var versions = await app.WithDbAsync(db => db.MonthlyReturns.Where(x => x.Establishment!.Code == "RPA").OrderBy(x => x.Version).Select(x => x.Status).ToListAsync());
        Assert.Equal([ReturnStatus.SignedOff, ReturnStatus.SignedOff], versions);

        var list = await governor.GetStringAsync("/establishments/RPA/returns");
        Assert.Contains("April 2025", list);
        Assert.Contains("Q1 2025/26", list);
    }

    [Fact]
    public async Task A_pathway_lead_sees_who_signed_off_and_whom_to_chase_within_their_scope()
    {
        await using var app = await StartAsync();
        var noShow = await ReturnsData.MonthAsync(app, April, "RPA", "RPB");
        await GenerateAsync(app, April);
        await app.WithDbAsync(async db =>
        {
            var a = await db.MonthlyReturns.SingleAsync(x => x.Establishment!.Code == "RPA");
            (a.Status, a.SignedOffBy, a.SignedOffAt) = (ReturnStatus.SignedOff, "gov-rpa", DateTime.UtcNow);
            // RPB's data changes after generation: its next version is revised.
            var rpb = await db.Establishments.SingleAsync(e => e.Code == "RPB");
            var v = await db.Visits.OrderBy(x => x.Id).FirstAsync(x => x.EstablishmentId == rpb.Id);
            v.Outcome = VisitOutcome.NoShow;
            await db.SaveChangesAsync();
        });
        await GenerateAsync(app, April);
        await app.AddEstablishmentAsync("RPD", region: "Wales"); // open, with no return yet
        await app.AddUserAsync("pl-national", Roles.PathwayLead, null);
        await app.AddUserAsync("pl-wales", Roles.PathwayLead, "R:Wales");
        await app.AddUserAsync("gov-rpa2", Roles.Governor, "RPA");

        var national = await app.SignedInAsync("pl-national");
        var doc = new HtmlParser().ParseDocument(await national.GetStringAsync("/returns?month=2025-04"));
        Assert.Equal(("1", "1", "1", "1"), (doc.GetElementById("count-signed-off")!.TextContent, doc.GetElementById("count-draft")!.TextContent,
            doc.GetElementById("count-revised")!.TextContent, doc.GetElementById("count-missing")!.TextContent));
        var chase = doc.GetElementById("chase-list")!.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal(["HMP RPB (RPB), West Midlands: revised, back to draft", "HMP RPC (RPC), Wales: draft", "HMP RPD (RPD), Wales: no return generated yet"], chase);

        var wales = await app.SignedInAsync("pl-wales");
        var walesHtml = await wales.GetStringAsync("/returns?month=2025-04");
        Assert.Contains("HMP RPC", walesHtml);
        Assert.DoesNotContain("HMP RPA", walesHtml);

        var governor = await app.SignedInAsync("gov-rpa2");
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/returns?month=2025-04")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/returns/quarter/2025-Q1")).StatusCode);

        // The month's CSV: the latest version per establishment, audited, never cached.
        var csv = await national.GetAsync("/returns/export?month=2025-04&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("returns-2025-04.csv", csv.Content.Headers.ContentDisposition.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("no-store", csv.Headers.CacheControl!.ToString());
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ReturnExport.Header), lines[0]);
        // Seen by a pathway lead, outside the establishments: counts of people from 1 to 4 are withheld (DESIGN.md).
        Assert.Equal("RPA,2025-04,1,SignedOff,Male locals,200,16,0.08,<5,1.50,8,<5,2.00,<5,18.75,1.00,25.00,<5,,,,,,,,,", lines[1]);
        Assert.StartsWith("RPB,2025-04,2,Draft,Male locals,100,20,0.20,<5,3.00,", lines[2]);
        Assert.StartsWith("RPC,2025-04,1,Draft,,,0,,0,", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "Exported" && e.Actor == "pl-national")));

        var xlsx = await national.GetAsync("/returns/export?month=2025-04&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(["Establishments", "Family groups", "Regions", "National"], MiniExcel.GetSheetNames(stream));
        }
        var walesXlsx = await wales.GetAsync("/returns/export?month=2025-04&format=xlsx");
        using (var stream = new MemoryStream(await walesXlsx.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(["Establishments", "Family groups", "Regions"], MiniExcel.GetSheetNames(stream));
            var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Establishments").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["RPC"], rows.Select(r => (string?)r["establishment"]));
        }
        _ = noShow;
    }

    [Fact]
    public async Task Quarterly_regional_family_group_and_national_returns_are_ratios_of_sums()
    {
        await using var app = await StartAsync();
        await ReturnsData.MonthAsync(app, April, "RPA", "RPB");
        await GenerateAsync(app, April);
        await GenerateAsync(app, new YearMonth(2025, 5));
        await app.AddUserAsync("pl-q", Roles.PathwayLead, null);
        await app.AddUserAsync("gov-q", Roles.Governor, "RPA");
        var lead = await app.SignedInAsync("pl-q");

        // Nationally, April and May: visits per 100 prisoners 100 × (3 + 4) / (200 + 100) = 2.33 (not the mean of 1.50 and 4.00),
        // capacity ratio (16 + 20) / 300 = 0.12; May has no data, so it adds nothing.
        var national = new HtmlParser().ParseDocument(await lead.GetStringAsync("/returns/quarter/2025-Q1?scope=national"));
        var cells = national.QuerySelectorAll("table.vc-rollup tbody tr")[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        // Monthly returns, population, then the KPIs in DESIGN.md's order.
        Assert.Equal("6", cells[0]);
        Assert.Equal("300", cells[1]);
        Assert.Equal(["36", "0.12", "7", "2.33"], cells.Skip(2).Take(4));
        Assert.Equal("", cells[2 + (int)Kpi.MedianDistanceMiles]);

        var groups = await lead.GetStringAsync("/returns/quarter/2025-Q1?scope=groups");
        Assert.Contains("Male locals", groups);
        Assert.Contains("(no family group)", groups);
        var regions = await lead.GetStringAsync("/returns/quarter/2025-Q1?scope=regions");
        Assert.Contains("Wales", regions);
        // Outside the establishment, counts from 1 to 4 are hidden: RPA attended 3 visits.
        var establishments = new HtmlParser().ParseDocument(await lead.GetStringAsync("/returns/quarter/2025-Q1"));
        var rpa = establishments.QuerySelectorAll("table.vc-rollup tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("HMP RPA"));
        Assert.Equal("<5", rpa.QuerySelectorAll("td")[2 + (int)Kpi.VisitsAttended].TextContent.Trim());
        Assert.Equal("1.50", rpa.QuerySelectorAll("td")[2 + (int)Kpi.VisitsPer100Prisoners].TextContent.Trim());

        var governor = await app.SignedInAsync("gov-q");
        var own = await governor.GetStringAsync("/establishments/RPA/returns/quarter/2025-Q1");
        Assert.Contains("1.50", own);
        Assert.Contains("18.75", own);
        Assert.Equal(HttpStatusCode.NotFound, (await governor.GetAsync("/establishments/RPA/returns/quarter/2025-Q9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await governor.GetAsync("/establishments/RPA/returns/2025-13")).StatusCode);
    }

    /// <summary>DESIGN.md: over a quarter, an establishment's population is its average over the months with one; a group's the sum of those.</summary>
    [Fact]
    public async Task A_quarters_population_is_the_average_monthly_population_on_the_page_csv_and_xlsx()
    {
        await using var app = await StartAsync();
        await ReturnsData.MonthAsync(app, April, "RPA", "RPB");
        await ReturnsData.PopulationAsync(app, "RPA", new DateOnly(2025, 5, 15), 221);
        foreach (var month in new[] { April, new YearMonth(2025, 5), new YearMonth(2025, 6) })
        {
            await GenerateAsync(app, month);
        }
        await app.AddUserAsync("pl-avg", Roles.PathwayLead, null);
        var lead = await app.SignedInAsync("pl-avg");

        // RPA: (200 + 221) / 2 = 210.5 (not 421); RPB: 100 (April only); the group and the nation: 310.5 (not 521).
        var national = new HtmlParser().ParseDocument(await lead.GetStringAsync("/returns/quarter/2025-Q1?scope=national"));
        Assert.Equal("310.50", national.QuerySelectorAll("table.vc-rollup tbody tr")[0].QuerySelectorAll("td")[1].TextContent.Trim());
        var groups = new HtmlParser().ParseDocument(await lead.GetStringAsync("/returns/quarter/2025-Q1?scope=groups"));
        var male = groups.QuerySelectorAll("table.vc-rollup tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("Male locals"));
        Assert.Equal("310.50", male.QuerySelectorAll("td")[1].TextContent.Trim());

        var csv = (await lead.GetStringAsync("/returns/quarter/2025-Q1/export?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("RPA,2025-Q1,,,Male locals,210.50,", csv[1]);
        Assert.StartsWith("RPB,2025-Q1,,,Male locals,100,", csv[2]);

        using var stream = new MemoryStream(await lead.GetByteArrayAsync("/returns/quarter/2025-Q1/export?format=xlsx"));
        var nation = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "National").Cast<IDictionary<string, object?>>().Single();
        Assert.Equal(310.5, Convert.ToDouble(nation["population"], System.Globalization.CultureInfo.InvariantCulture));
        var groupRows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "Family groups").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(310.5, Convert.ToDouble(groupRows.Single(r => (string?)r["family_group"] == "Male locals")["population"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Job_pages_are_for_administrators_only()
    {
        await using var app = new AppFactory();
        await app.StartAsync();
        await app.AddEstablishmentAsync("RPJ");
        await app.AddUserAsync("admin-j", Roles.Administrator, null);
        await app.AddUserAsync("gov-j", Roles.Governor, "RPJ");
        var admin = await app.SignedInAsync("admin-j");
        var jobs = await admin.GetStringAsync("/admin/jobs");
        Assert.Contains(MonthlyReturnsJob.Id, jobs);
        Assert.Contains(SessionGenerationJob.Id, jobs);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/jobs")).StatusCode);
        var governor = await app.SignedInAsync("gov-j");
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().GetAsync("/jobs")).StatusCode);
    }
}
