using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Standards;

/// <summary>Standards audits end to end: draft, complete, read-only, supersede, score and RAG on the pages and the API, authorisation.</summary>
public sealed class StandardsAuditTests(StandardsFixture fixture) : IClassFixture<StandardsFixture>
{
    private ClockedAppFactory App => fixture.App;

    [Fact]
    public async Task A_governor_saves_a_draft_then_completes_a_VE7_audit_and_sees_its_score_and_rag()
    {
        var client = await App.SignedInAsync("gov-ssa");
        var id = await AuditSteps.StartAsync(client, "SSA", "VE7");

        var draft = await AuditSteps.AnswerAsync(App, client, "SSA", id, "save", "Met", "Met");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var saved = await App.WithDbAsync(db => db.StandardAudits.AsNoTracking().Include(a => a.Results).SingleAsync(a => a.Id == id));
        Assert.Equal(AuditStatus.Draft, saved.Status);
        Assert.Equal(2, saved.Results.Count(r => r.Result == ItemResult.Met));
        Assert.Contains(saved.Results, r => r.Note == "Toys checked on the day");

        // Completing needs every item answered: refused, and still a draft.
        var incomplete = await AuditSteps.AnswerAsync(App, client, "SSA", id, "complete", "Met", "Met", "Met");
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("Select a result for item 4 before completing the audit", await incomplete.Content.ReadAsStringAsync());
        Assert.Equal(AuditStatus.Draft, await App.WithDbAsync(db => db.StandardAudits.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        // 5 Met and 1 Partly met of 6: 5.5 / 6 = 91.7%, green.
        var done = await AuditSteps.AnswerAsync(App, client, "SSA", id, "complete", "Met", "Met", "Met", "Met", "PartlyMet", "Met");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/establishments/SSA/standards/audits/{id}"));
        Assert.Equal("Completed", page.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("91.7%", page.QuerySelector("[data-score]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("input[type=radio]")); // read-only

        var standards = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/SSA/standards"));
        var row = standards.QuerySelector("#standards-latest tr[data-standard='VE7']")!;
        Assert.Equal("91.7%", row.QuerySelector("[data-score]")!.TextContent.Trim());
        Assert.Equal("Green", row.QuerySelector("[data-rag]")!.TextContent.Trim());
        Assert.Null(row.QuerySelector("[data-overdue]"));
        Assert.NotNull(standards.QuerySelector("#standards-latest tr[data-standard='VE8'] [data-overdue]")); // never audited

        var dashboard = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/SSA/dashboard"));
        var panel = dashboard.QuerySelector("#standards-latest tr[data-standard='VE7']")!;
        Assert.Equal("Green", panel.QuerySelector("[data-rag]")!.TextContent.Trim());
        Assert.Equal("91.7%", panel.QuerySelector("[data-score]")!.TextContent.Trim());

        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(StandardAudit) && a.Action == "Updated" && a.EstablishmentId != null)));
    }

    [Fact]
    public async Task A_completed_audit_is_not_edited_and_a_superseding_audit_replaces_it_once_completed()
    {
        var client = await App.SignedInAsync("gov-ssa");
        var first = await AuditSteps.StartAsync(client, "SSA", "VE9", "Visitor centre", "2026-05-01");
        Assert.Equal(HttpStatusCode.Redirect, (await AuditSteps.AnswerAsync(App, client, "SSA", first, "complete", "Met", "Met", "NotMet", "NotMet")).StatusCode);

        var edit = await AuditSteps.AnswerAsync(App, client, "SSA", first, "complete", "Met", "Met", "Met", "Met");
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.Set<AuditItemResult>().CountAsync(r => r.StandardAuditId == first && r.Result == ItemResult.NotMet)));

        var supersede = await client.PostFormAsync($"/establishments/SSA/standards/audits/{first}/supersede", [], $"/establishments/SSA/standards/audits/{first}");
        Assert.Equal(HttpStatusCode.Redirect, supersede.StatusCode);
        var second = int.Parse(supersede.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(first, await App.WithDbAsync(db => db.StandardAudits.Where(a => a.Id == second).Select(a => a.SupersedesId).SingleAsync()));

        // Still a draft: the first audit counts (50%, red).
        Assert.Equal(50, (await StandardOf(client, "VE9")).GetProperty("scorePct").GetDouble());

        // All Not applicable: no data, and the superseded audit no longer counts.
        Assert.Equal(HttpStatusCode.Redirect, (await AuditSteps.AnswerAsync(App, client, "SSA", second, "complete", "NotApplicable", "NotApplicable", "NotApplicable", "NotApplicable")).StatusCode);
        var ve9 = await StandardOf(client, "VE9");
        Assert.Equal(JsonValueKind.Null, ve9.GetProperty("scorePct").ValueKind);
        Assert.Equal("None", ve9.GetProperty("rag").GetString());
        var old = new HtmlParser().ParseDocument(await client.GetStringAsync($"/establishments/SSA/standards/audits/{first}"));
        Assert.Equal("Superseded", old.QuerySelector("[data-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_messages_and_writes_nothing()
    {
        var client = await App.SignedInAsync("gov-ssa");
        var before = await App.WithDbAsync(db => db.StandardAudits.CountAsync());
        var response = await client.PostFormAsync("/establishments/SSA/standards/audits", new()
        {
            ["Start.Standard"] = "VE99", ["Start.Area"] = "Car park", ["Start.AuditDate"] = "2027-01-01", ["Start.Auditor"] = "",
        }, "/establishments/SSA/standards");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Select the standard to audit", html);
        Assert.Contains("Select the area audited", html);
        Assert.Contains("Enter the date of the audit, today or earlier", html);
        Assert.Contains("Enter who carried out the audit", html);
        Assert.Equal(before, await App.WithDbAsync(db => db.StandardAudits.CountAsync()));

        var id = await AuditSteps.StartAsync(client, "SSA", "VE5");
        var bad = await AuditSteps.AnswerAsync(App, client, "SSA", id, "save", "Excellent");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/establishments/SSA/standards/audits/999999")).StatusCode);
    }

    [Fact]
    public async Task Another_establishments_governor_and_hall_staff_are_refused_and_a_pathway_lead_may_audit()
    {
        var owner = await App.SignedInAsync("gov-ssa");
        var id = await AuditSteps.StartAsync(owner, "SSA", "VE8");

        var other = await App.SignedInAsync("gov-ssb");
        foreach (var url in new[] { "/establishments/SSA/standards", $"/establishments/SSA/standards/audits/{id}", "/establishments/SSA/team",
                     "/api/establishments/SSA/standards", "/api/establishments/SSA/team", "/establishments/SSA/standards/download/audits?format=csv",
                     "/establishments/SSA/standards/download/training?format=xlsx" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(url)).StatusCode);
        }
        // A form posted with a valid token of the user's own pages is still refused at another establishment.
        var post = await other.PostFormAsync("/establishments/SSA/standards/audits", new() { ["Start.Standard"] = "VE8", ["Start.Area"] = "Visits hall", ["Start.AuditDate"] = "2026-06-01", ["Start.Auditor"] = "x" }, "/establishments/SSB/standards");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var supersede = await other.PostFormAsync($"/establishments/SSA/standards/audits/{id}/supersede", [], "/establishments/SSB/standards");
        Assert.Equal(HttpStatusCode.Forbidden, supersede.StatusCode);

        var staff = await App.SignedInAsync("staff-ssa");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/SSA/standards")).StatusCode);

        // An audit id of another establishment is not found under this one.
        var ownAtB = await AuditSteps.StartAsync(other, "SSB", "VE8");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/establishments/SSA/standards/audits/{ownAtB}")).StatusCode);

        var regional = await App.SignedInAsync("lead-nw");
        Assert.Equal(HttpStatusCode.Forbidden, (await regional.GetAsync("/establishments/SSA/standards")).StatusCode);
        var id2 = await AuditSteps.StartAsync(regional, "SSB", "VE5");
        Assert.True(id2 > 0);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/standards")).StatusCode);
    }

    [Fact]
    public async Task Downloads_give_the_audits_and_training_coverage_as_csv_and_xlsx()
    {
        var client = await App.SignedInAsync("gov-ssa");
        var id = await AuditSteps.StartAsync(client, "SSA", "VE5", "Visits hall", "2026-06-01");
        await AuditSteps.AnswerAsync(App, client, "SSA", id, "complete", "Met", "PartlyMet", "NotMet");

        var csv = await client.GetAsync("/establishments/SSA/standards/download/audits?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("establishment,standard,checklist_version,area,audit_date,auditor,status,score_pct,rag,counts", lines[0]);
        Assert.Contains($"SSA,VE5,1,Visits hall,2026-06-01,A. Governor,Completed,50.0,Red,yes", lines);

        var xlsx = await client.GetAsync("/establishments/SSA/standards/download/audits?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);

        var training = await client.GetStringAsync("/establishments/SSA/standards/download/training?format=csv");
        Assert.StartsWith("establishment,course,team_size,current,due,lapsed,not_done,current_pct", training);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/establishments/SSA/standards/download/audits?format=pdf")).StatusCode);

        // A regional pathway lead's download holds only their region's establishments.
        var regional = await App.SignedInAsync("lead-nw");
        var theirs = await regional.GetStringAsync("/standards/download/audits?format=csv");
        Assert.DoesNotContain("SSA,", theirs);
    }

    [Fact]
    public async Task Every_form_of_the_standards_pages_carries_its_own_antiforgery_token()
    {
        // At SSB, so that these audits do not change the SSA audits other tests look at.
        var governor = await App.SignedInAsync("gov-ssb");
        var draft = await AuditSteps.StartAsync(governor, "SSB", "VE5", "Visitor reception", "2026-06-05");
        var completed = await AuditSteps.StartAsync(governor, "SSB", "VE5", "Visitor reception", "2026-06-04");
        await AuditSteps.AnswerAsync(App, governor, "SSB", completed, "complete", "Met", "Met", "Met");
        await governor.PostFormAsync("/establishments/SSB/team", new() { ["Add.DisplayName"] = "Form check", ["Add.Role"] = "PlayWorker", ["Add.StartDate"] = "2026-01-01" });
        var admin = await App.SignedInAsync("admin-s");
        var course = await App.WithDbAsync(db => db.Courses.Select(c => c.Id).FirstAsync());
        var pages = new (HttpClient Client, string Url, int Forms)[]
        {
            (governor, "/establishments/SSB/standards", 1),
            (governor, $"/establishments/SSB/standards/audits/{draft}", 1),
            (governor, $"/establishments/SSB/standards/audits/{completed}", 1),
            (governor, "/establishments/SSB/team", 3),
            (admin, "/admin/standards", 1),
            (admin, "/admin/standards/VE7", 1),
            (admin, $"/admin/standards/courses/{course}", 1),
        };
        foreach (var (client, url, forms) in pages)
        {
            // The main content's forms (the header's sign-out form is the layout's).
            var found = new HtmlParser().ParseDocument(await client.GetStringAsync(url)).QuerySelectorAll("main form[method=post]");
            Assert.True(found.Length >= forms, $"{url}: {found.Length} forms");
            Assert.All(found, f => Assert.True(f.QuerySelector("input[name=__RequestVerificationToken]") is not null, $"{url}: a form to {f.GetAttribute("action")} has no token"));
        }
    }

    private async Task<JsonElement> StandardOf(HttpClient client, string code)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/establishments/SSA/standards"));
        return json.RootElement.GetProperty("standards").EnumerateArray().Single(s => s.GetProperty("code").GetString() == code).Clone();
    }
}
