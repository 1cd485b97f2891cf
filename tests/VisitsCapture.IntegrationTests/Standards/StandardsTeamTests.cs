using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Imports;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Standards;

/// <summary>Visits team, training, the national comparison, the admin checklists and courses, and the two imports.</summary>
public sealed class StandardsTeamTests(StandardsFixture fixture) : IClassFixture<StandardsFixture>
{
    private ClockedAppFactory App => fixture.App;

    [Fact]
    public async Task A_governor_keeps_the_visits_team_and_training_and_the_measures_follow()
    {
        var client = await App.SignedInAsync("gov-ssb");
        Assert.Equal(HttpStatusCode.Redirect, (await AddMember(client, "SSB", "Sam Officer", "VisitsTeamOfficer", "2025-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddMember(client, "SSB", "Kim Coordinator", "FamilySupportCoordinator", "2025-01-01")).StatusCode);
        var sam = await App.WithDbAsync(db => db.TeamMembers.SingleAsync(m => m.DisplayName == "Sam Officer"));
        var kim = await App.WithDbAsync(db => db.TeamMembers.SingleAsync(m => m.DisplayName == "Kim Coordinator"));
        var safeguarding = await App.WithDbAsync(db => db.Courses.SingleAsync(c => c.Code == "safeguarding-children")); // 12 months

        // Today is 15 June 2026: Sam's safeguarding of 15 June 2025 is exactly one period old, so due, not current;
        // Kim's of 16 June 2025 is current.
        Assert.Equal(HttpStatusCode.Redirect, (await Record(client, "SSB", sam.Id, safeguarding.Id, "2025-06-15")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Record(client, "SSB", kim.Id, safeguarding.Id, "2025-06-16")).StatusCode);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/establishments/SSB/team"));
        Assert.Equal("Due", page.QuerySelector($"[data-member='{sam.Id}'] [data-currency='safeguarding-children']")!.TextContent.Trim());
        Assert.Equal("Current", page.QuerySelector($"[data-member='{kim.Id}'] [data-currency='safeguarding-children']")!.TextContent.Trim());

        using (var team = JsonDocument.Parse(await client.GetStringAsync("/api/establishments/SSB/team")))
        {
            Assert.Equal(2, team.RootElement.GetProperty("teamSize").GetInt32());
            Assert.True(team.RootElement.GetProperty("coordinatorInPost").GetBoolean());
            var course = team.RootElement.GetProperty("courses").EnumerateArray().Single(c => c.GetProperty("course").GetString() == "Safeguarding children");
            Assert.Equal(1, course.GetProperty("current").GetInt32());
            Assert.Equal(50, course.GetProperty("currentPct").GetDouble());
        }

        // Kim leaves on 14 June: no coordinator in post today, team of one.
        var end = await client.PostFormAsync($"/establishments/SSB/team/{kim.Id}/end", new() { ["EndDate"] = "2026-06-14" }, "/establishments/SSB/team");
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        using (var team = JsonDocument.Parse(await client.GetStringAsync("/api/establishments/SSB/team")))
        {
            Assert.Equal(1, team.RootElement.GetProperty("teamSize").GetInt32());
            Assert.False(team.RootElement.GetProperty("coordinatorInPost").GetBoolean());
        }
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(TrainingCompletion) && a.Action == "Created")));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(TeamMember) && a.Action == "Updated")));
    }

    [Fact]
    public async Task Team_changes_are_for_the_establishments_governor_only_and_bad_input_is_a_400()
    {
        var lead = await App.SignedInAsync("lead-s");
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync("/establishments/SSA/team")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AddMember(lead, "SSA", "Lee", "PlayWorker", "2026-01-01", "/establishments/SSA/team")).StatusCode);
        var other = await App.SignedInAsync("gov-ssb");
        Assert.Equal(HttpStatusCode.Forbidden, (await AddMember(other, "SSA", "Lee", "PlayWorker", "2026-01-01", "/establishments/SSB/team")).StatusCode);

        var governor = await App.SignedInAsync("gov-ssa");
        var bad = await AddMember(governor, "SSA", "", "Chef", "yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Enter the member of staff&#x27;s display name", html);
        Assert.Contains("Select the role in the visits team", html);
        Assert.Contains("Enter the start date", html);
        Assert.Equal(0, await App.WithDbAsync(db => db.TeamMembers.CountAsync(m => m.EstablishmentId == db.Establishments.Single(e => e.Code == "SSA").Id && m.DisplayName == "Lee")));
        Assert.Equal(HttpStatusCode.NotFound, (await governor.PostFormAsync("/establishments/SSA/team/0/training", new() { ["Course"] = "1", ["CompletedOn"] = "2026-01-01" }, "/establishments/SSA/team")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AddMember(governor, "SSA", "Lee", "PlayWorker", "2026-01-01")).StatusCode);
        var lee = await App.WithDbAsync(db => db.TeamMembers.SingleAsync(m => m.DisplayName == "Lee"));
        Assert.Equal(HttpStatusCode.BadRequest, (await governor.PostFormAsync($"/establishments/SSA/team/{lee.Id}/training", new() { ["Course"] = "999", ["CompletedOn"] = "2026-01-01" }, "/establishments/SSA/team")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await governor.PostFormAsync($"/establishments/SSA/team/{lee.Id}/end", new() { ["EndDate"] = "2025-12-31" }, "/establishments/SSA/team")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AddMember(governor, "SSA", "Lee", "PlayWorker", "2026-01-01")).StatusCode); // already in the team from that date
        // A governor cannot reach another establishment's member through their own establishment's address.
        var foreign = await App.WithDbAsync(async db =>
        {
            var member = new TeamMember { EstablishmentId = db.Establishments.Single(e => e.Code == "SSB").Id, DisplayName = "Not theirs", Role = TeamRole.PlayWorker, StartDate = new(2027, 1, 1) }; // not in post yet: SSB's measures are unchanged
            db.TeamMembers.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        Assert.Equal(HttpStatusCode.NotFound, (await governor.PostFormAsync($"/establishments/SSA/team/{foreign}/end", new() { ["EndDate"] = "2026-06-01" }, "/establishments/SSA/team")).StatusCode);
        Assert.Null(await App.WithDbAsync(db => db.TeamMembers.Where(m => m.Id == foreign).Select(m => m.EndDate).SingleAsync()));
    }

    [Fact]
    public async Task A_pathway_lead_compares_family_groups_and_regions()
    {
        var governor = await App.SignedInAsync("gov-ssa");
        var id = await AuditSteps.StartAsync(governor, "SSA", "VE7", "Visitor centre", "2026-06-01");
        Assert.Equal(HttpStatusCode.Redirect, (await AuditSteps.AnswerAsync(App, governor, "SSA", id, "complete", "Met", "Met", "Met", "Met", "Met", "Met")).StatusCode);

        var lead = await App.SignedInAsync("lead-s");
        var page = new HtmlParser().ParseDocument(await lead.GetStringAsync("/standards"));
        // SSA green of SSA and SSB in the group; West Midlands has SSA only; North West SSB and SSC, neither audited.
        Assert.Equal("50.0%", page.QuerySelector("#family-groups tr[data-row='Standards group'] [data-green='VE7']")!.TextContent.Trim());
        Assert.Equal("100.0%", page.QuerySelector("#regions tr[data-row='West Midlands'] [data-green='VE7']")!.TextContent.Trim());
        Assert.Equal("0.0%", page.QuerySelector("#regions tr[data-row='North West'] [data-green='VE7']")!.TextContent.Trim());
        Assert.Equal("33.3%", page.QuerySelector("#nation [data-green='VE7']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("canvas[data-chart='standards-chart-data']"));
        var chart = JsonDocument.Parse(page.QuerySelector("#standards-chart-data")!.TextContent).RootElement;
        Assert.Equal("bars", chart.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Editing_a_checklist_makes_a_new_version_and_existing_audits_keep_theirs()
    {
        var governor = await App.SignedInAsync("gov-ssa");
        var before = await AuditSteps.StartAsync(governor, "SSA", "VE8", "Visitor reception", "2026-06-02");

        var admin = await App.SignedInAsync("admin-s");
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/admin/standards")).StatusCode);
        var response = await admin.PostFormAsync("/admin/standards/VE8", new()
        {
            ["Form.Name"] = "Family information display",
            ["Form.Items"] = "Displayed at the visitor centre\nDisplayed at visitor reception\nCurrent\nIn the languages needed\nCovers the specification's topics\nIncludes the Families helpline",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var versions = await App.WithDbAsync(db => db.ChecklistVersions.Where(v => v.Standard!.Code == "VE8").Select(v => new { v.Id, v.Version, Items = v.Items.Count }).OrderBy(v => v.Version).ToListAsync());
        Assert.Equal([(1, 5), (2, 6)], versions.Select(v => (v.Version, v.Items)));
        Assert.Equal(versions[0].Id, await App.WithDbAsync(db => db.StandardAudits.Where(a => a.Id == before).Select(a => a.ChecklistVersionId).SingleAsync()));
        var after = await AuditSteps.StartAsync(governor, "SSA", "VE8", "Visitor reception", "2026-06-03");
        Assert.Equal(versions[1].Id, await App.WithDbAsync(db => db.StandardAudits.Where(a => a.Id == after).Select(a => a.ChecklistVersionId).SingleAsync()));
        Assert.Equal(6, await App.WithDbAsync(db => db.Set<AuditItemResult>().CountAsync(r => r.StandardAuditId == after)));

        var empty = await admin.PostFormAsync("/admin/standards/VE8", new() { ["Form.Name"] = "x", ["Form.Items"] = "  \n" }, "/admin/standards/VE8");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var course = await App.WithDbAsync(db => db.Courses.SingleAsync(c => c.Code == "play-in-prisons"));
        var changed = await admin.PostFormAsync($"/admin/standards/courses/{course.Id}", new() { ["Form.Name"] = "Play in prisons", ["Form.RefreshMonths"] = "18" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(18, await App.WithDbAsync(db => db.Courses.Where(c => c.Id == course.Id).Select(c => c.RefreshMonths).SingleAsync()));
        Assert.True(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(ChecklistVersion) && a.Action == "Created" && a.Actor == "admin-s")));
    }

    [Fact]
    public async Task The_shipped_catalogue_is_seeded_once()
    {
        await App.WithDbAsync(db => StandardsCatalogue.EnsureShippedAsync(db, DateTime.UtcNow));
        Assert.Equal(["VE5", "VE7", "VE8", "VE9"], await App.WithDbAsync(db => db.Standards.OrderBy(s => s.Code).Select(s => s.Code).ToListAsync()));
        Assert.Equal(4, await App.WithDbAsync(db => db.Courses.CountAsync()));
        Assert.Equal(6, await App.WithDbAsync(db => db.ChecklistVersions.Where(v => v.Standard!.Code == "VE7" && v.Version == 1).Select(v => v.Items.Count).SingleAsync()));
    }

    [Fact]
    public async Task The_standards_audits_import_is_all_or_nothing_and_a_reimport_changes_nothing()
    {
        const string header = "establishment,standard,audit_date,area,auditor,item,result,note\n";
        var good = header + string.Join("\n", Enumerable.Range(1, 4).Select(i => $"SSC,VE9,2025-11-20,Visitor centre,Audit team,{i},{(i == 4 ? "Partly met" : "Met")},"));
        good = good.Replace("Partly met", "PartlyMet", StringComparison.Ordinal);
        var result = await App.ImportAsync("standards-audits", ImportTesting.Csv("audits.csv", good));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(4, result.Added);
        var audit = await App.WithDbAsync(db => db.StandardAudits.AsNoTracking().Include(a => a.Results).SingleAsync(a => a.Establishment!.Code == "SSC" && a.Standard!.Code == "VE9"));
        Assert.Equal(AuditStatus.Completed, audit.Status);

        var again = await App.ImportAsync("standards-audits", ImportTesting.Csv("audits.csv", good));
        Assert.True(again.Succeeded);
        Assert.Equal((0, 4), (again.Added, again.Unchanged));
        Assert.Equal(1, await App.WithDbAsync(db => db.StandardAudits.CountAsync(a => a.Establishment!.Code == "SSC")));

        var lead = await App.SignedInAsync("lead-s");
        using (var json = JsonDocument.Parse(await lead.GetStringAsync("/api/establishments/SSC/standards")))
        {
            var ve9 = json.RootElement.GetProperty("standards").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "VE9");
            Assert.Equal(87.5, ve9.GetProperty("scorePct").GetDouble());
            Assert.Equal("Amber", ve9.GetProperty("rag").GetString());
        }

        var bad = header
            + "SSC,VE5,2025-11-20,Visits hall,Audit team,1,Met,\n"
            + "SSC,VE5,2025-11-20,Visits hall,Audit team,2,Brilliant,\n"
            + "XXX,VE5,2025-11-20,Visits hall,Audit team,9,Met,\n"
            + "SSC,VE9,2025-11-20,Visitor centre,Audit team,1,NotMet,\n";
        var rejected = await App.ImportAsync("standards-audits", ImportTesting.Csv("bad.csv", bad));
        Assert.False(rejected.Succeeded);
        var messages = rejected.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("Row 3, column result", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Row 4, column establishment", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("the audit has no row for items 2, 3: every item must be answered", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("already recorded with other answers", StringComparison.Ordinal));
        Assert.Equal(1, await App.WithDbAsync(db => db.StandardAudits.CountAsync(a => a.Establishment!.Code == "SSC")));
    }

    [Fact]
    public async Task The_training_import_adds_members_and_completions_and_a_reimport_changes_nothing()
    {
        const string file = "establishment,display_name,role,start_date,end_date,course,completed_on\n"
            + "SSC,Pat Lead,VisitsTeamLead,2024-04-01,,hidden-sentence,2024-05-01\n"
            + "SSC,Pat Lead,VisitsTeamLead,2024-04-01,,Safeguarding children,2026-01-10\n"
            + "SSC,Jo Play,PlayWorker,2025-09-01,,,\n";
        var result = await App.ImportAsync("training", ImportTesting.Csv("training.csv", file));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Added);
        Assert.Equal(2, await App.WithDbAsync(db => db.TeamMembers.CountAsync(m => db.Establishments.Any(e => e.Id == m.EstablishmentId && e.Code == "SSC"))));

        var again = await App.ImportAsync("training", ImportTesting.Csv("training.csv", file));
        Assert.Equal((0, 0, 2), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal(2, await App.WithDbAsync(db => db.TrainingCompletions.CountAsync(c => db.TeamMembers.Any(m => m.Id == c.TeamMemberId && db.Establishments.Any(e => e.Id == m.EstablishmentId && e.Code == "SSC")))));

        var bad = "establishment,display_name,role,start_date,end_date,course,completed_on\n"
            + "SSC,New Person,Chef,2024-04-01,,hidden-sentence,2024-05-01\n"
            + "SSC,Pat Lead,VisitsTeamLead,2024-04-01,,knitting,2024-05-01\n"
            + "SSC,Pat Lead,VisitsTeamOfficer,2024-04-01,,hidden-sentence,2030-01-01\n";
        var rejected = await App.ImportAsync("training", ImportTesting.Csv("bad.csv", bad));
        Assert.False(rejected.Succeeded);
        var messages = rejected.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("Row 2, column role", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Row 3, column course", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Row 4, column completed_on", StringComparison.Ordinal));
        Assert.Equal(2, await App.WithDbAsync(db => db.TrainingCompletions.CountAsync(c => db.TeamMembers.Any(m => m.Id == c.TeamMemberId && db.Establishments.Any(e => e.Id == m.EstablishmentId && e.Code == "SSC")))));
        Assert.Equal(0, await App.WithDbAsync(db => db.TeamMembers.CountAsync(m => m.DisplayName == "New Person")));
    }

    private static Task<HttpResponseMessage> AddMember(HttpClient client, string code, string name, string role, string start, string? tokenPage = null) =>
        client.PostFormAsync($"/establishments/{code}/team", new() { ["Add.DisplayName"] = name, ["Add.Role"] = role, ["Add.StartDate"] = start }, tokenPage ?? $"/establishments/{code}/team");

    private static Task<HttpResponseMessage> Record(HttpClient client, string code, int member, int course, string date) =>
        client.PostFormAsync($"/establishments/{code}/team/{member}/training",
            new() { ["Course"] = course.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CompletedOn"] = date }, $"/establishments/{code}/team");
}
