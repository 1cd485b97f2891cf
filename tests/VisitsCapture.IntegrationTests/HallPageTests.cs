using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>The hall screen as plain HTML forms (no JavaScript): the day, logging, outcomes, corrections, removal.</summary>
public sealed class HallPageTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private ClockedAppFactory App => fixture.App;

    private static Dictionary<string, string> Form(int sessionId, string prisoner = "A1234BC", string outcome = "Attended") => new()
    {
        ["SessionId"] = sessionId.ToString(),
        ["Prisoner"] = prisoner,
        ["Adults"] = "2",
        ["Children0To4"] = "1",
        ["Children5To11"] = "0",
        ["Children12To17"] = "1",
        ["Relationship"] = "Parent",
        ["FirstVisit"] = "true",
        ["VisitorPostcode"] = "b29 6bd",
        ["TableNumber"] = "4",
        ["Outcome"] = outcome,
    };

    [Fact]
    public async Task Today_lists_the_sessions_in_time_order_with_counts_and_a_full_state_and_is_never_cached()
    {
        var e = await App.PrisonAsync("TDY");
        var late = await App.SessionAsync(e, App.Today, "14:00", "16:00", visits: 1, visitors: 10);
        await App.SessionAsync(e, App.Today, "09:30", "11:30", visits: 12, visitors: 30, type: SessionType.EnhancedFamily);
        await App.SessionAsync(e, App.Today.AddDays(1), "10:00", "12:00");
        var staff = await App.SignedInAsync("staff-TDY");
        await staff.PostVisitAsync("TDY", Hall.Visit(late.Id), Guid.NewGuid());

        var response = await staff.GetAsync("/establishments/TDY/today");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        var sessions = doc.QuerySelectorAll(".vc-sessions > li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Contains("09:30 to 11:30 · Enhanced family", sessions[0]);
        Assert.Contains("Tables: 0 of 12", sessions[0]);
        Assert.DoesNotContain("Session full", sessions[0]);
        Assert.Contains("14:00 to 16:00 · Social", sessions[1]);
        Assert.Contains("Session full", sessions[1]);
        Assert.Contains("Tables: 1 of 1", sessions[1]);
        Assert.Contains("Visitors: 3 of 10", sessions[1]);
        Assert.Contains("Attended: 1", sessions[1]);
        Assert.Contains("A1234BC", doc.QuerySelector("table.vc-visits")!.ParentElement!.TextContent);
        // The session running now, or the next to start, is chosen: at 10:00 that is the 09:30 session.
        var chosen = doc.QuerySelector("input[name=SessionId][checked]")!;
        Assert.Equal("09:30 to 11:30 Enhanced family", doc.QuerySelector($"label[for={chosen.Id}]")!.TextContent.Trim());
        var data = JsonDocument.Parse(doc.GetElementById("vc-hall-data")!.TextContent).RootElement;
        Assert.Equal("TDY", data.GetProperty("establishment").GetString());
        Assert.Equal(2, data.GetProperty("sessions").GetArrayLength());
        Assert.DoesNotContain("A1234BC", doc.GetElementById("vc-hall-data")!.TextContent);
    }

    [Fact]
    public async Task A_visit_logged_with_the_plain_form_is_stored_once_even_when_the_form_is_posted_twice()
    {
        var e = await App.PrisonAsync("FRM");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-FRM");
        var page = await staff.GetStringAsync("/establishments/FRM/today");
        var clientId = new HtmlParser().ParseDocument(page).QuerySelector("input[name=ClientId]")!.GetAttribute("value")!;
        var fields = Form(session.Id);
        fields["ClientId"] = clientId;

        var first = await staff.PostFormAsync("/establishments/FRM/today/visits", new(fields), "/establishments/FRM/today");
        var again = await staff.PostFormAsync("/establishments/FRM/today/visits", new(fields), "/establishments/FRM/today");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.EstablishmentId == e.Id));
        Assert.Equal(Guid.Parse(clientId), visit.ClientId);
        Assert.Equal($"/establishments/FRM/today?logged={visit.Id}", first.Headers.Location!.OriginalString);
        Assert.Equal("A1234BC", visit.Prisoner);
        Assert.Equal("B29", visit.VisitorDistrict);
        Assert.Equal((2, 1, 0, 1), (visit.Adults, visit.Children0To4, visit.Children5To11, visit.Children12To17));
        Assert.Equal(Relationship.Parent, visit.Relationship);
        Assert.True(visit.FirstVisit);
        Assert.Equal("4", visit.TableNumber);
        // Stamped when the Attended button was tapped (the fake clock's London time).
        Assert.Equal(App.Now, visit.ArrivedAt);

        var confirmation = await staff.GetStringAsync(first.Headers.Location);
        Assert.Contains("Visit logged", confirmation);
        Assert.Contains("A1234BC: Attended", confirmation);
    }

    [Fact]
    public async Task A_visit_with_no_outcome_yet_is_booked_and_gets_its_outcome_and_times_from_the_buttons()
    {
        var e = await App.PrisonAsync("OUT");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-OUT");
        await staff.PostFormAsync("/establishments/OUT/today/visits", Form(session.Id, outcome: ""), "/establishments/OUT/today");
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.EstablishmentId == e.Id));
        Assert.Null(visit.Outcome);
        Assert.Null(visit.ArrivedAt);

        var arrival = App.Now;
        var attended = await staff.PostFormAsync($"/establishments/OUT/visits/{visit.Id}/outcome",
            new() { ["outcome"] = "Attended", ["version"] = visit.Version.ToString() }, $"/establishments/OUT/visits/{visit.Id}");
        Assert.Equal(HttpStatusCode.Redirect, attended.StatusCode);
        // 25 minutes later (within the sign-in's idle timeout), the visit ends.
        App.Clock.Advance(TimeSpan.FromMinutes(25));
        var current = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visit.Id));
        var ended = await staff.PostFormAsync($"/establishments/OUT/visits/{visit.Id}/end",
            new() { ["version"] = current.Version.ToString() }, $"/establishments/OUT/visits/{visit.Id}");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);

        current = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visit.Id));
        Assert.Equal(VisitOutcome.Attended, current.Outcome);
        Assert.Equal(arrival, current.ArrivedAt);
        Assert.Equal(arrival.AddMinutes(25), current.EndedAt);
    }

    public static TheoryData<string, string, string> InvalidFormFields => new()
    {
        { "Prisoner", "", "Enter the prison number" },
        { "Prisoner", "A12345C", "Enter a prison number in the right format" },
        { "Adults", "-2", "The number of adults must be between 0 and 20" },
        { "Adults", "lots", "The number of adults must be a number, like 2" },
        { "Children0To4", "25", "The number of children aged 0 to 4 must be between 0 and 20" },
        { "Children5To11", "1.5", "The number of children aged 5 to 11 must be a number" },
        { "Children12To17", "99999999999", "The number of children aged 12 to 17 must be a number" },
        { "Relationship", "Neighbour", "Select the relationship of the lead visitor" },
        { "VisitorPostcode", "QQ99 9QQQ", "Enter a real postcode" },
        { "TableNumber", "table number twelve", "The table must be 10 letters or numbers or fewer" },
        { "Outcome", "Vanished", "The outcome must be one of" },
        { "SessionId", "x", "Select the session" },
    };

    [Theory]
    [MemberData(nameof(InvalidFormFields))]
    public async Task The_form_explains_every_problem_in_a_GOV_UK_error_summary_and_stores_nothing(string field, string value, string message)
    {
        var e = await App.WithDbAsync(db => db.Establishments.FirstOrDefaultAsync(x => x.Code == "ERR")) ?? await App.PrisonAsync("ERR");
        var session = await App.WithDbAsync(db => db.Sessions.FirstOrDefaultAsync(s => s.EstablishmentId == e.Id)) ?? await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-ERR");
        var fields = Form(session.Id);
        fields[field] = value;

        var response = await staff.PostFormAsync("/establishments/ERR/today/visits", fields, "/establishments/ERR/today");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var summary = doc.QuerySelector(".govuk-error-summary")!;
        Assert.Contains(message, summary.TextContent);
        Assert.Equal($"#{field}", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(doc.GetElementById(field));
        Assert.Contains(message, doc.GetElementById($"{field}-error")!.TextContent);
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task Warnings_show_on_the_confirmation_but_do_not_block()
    {
        var e = await App.PrisonAsync("WRP");
        var session = await App.SessionAsync(e, App.Today, visits: 1, visitors: 10);
        var staff = await App.SignedInAsync("staff-WRP");
        await staff.PostFormAsync("/establishments/WRP/today/visits", Form(session.Id), "/establishments/WRP/today");

        var second = await staff.PostFormAsync("/establishments/WRP/today/visits", Form(session.Id), "/establishments/WRP/today");

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var html = await staff.GetStringAsync(second.Headers.Location);
        Assert.Contains("A1234BC already has a visit logged in this session", html);
        Assert.Contains("This session now has 2 visits, more than its 1 tables.", html);
        Assert.Equal(2, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task Staff_see_today_only_and_governors_any_day()
    {
        var e = await App.PrisonAsync("DYS");
        await App.SessionAsync(e, App.Today.AddDays(-7), "13:00", "15:00");
        var staff = await App.SignedInAsync("staff-DYS");
        var governor = await App.SignedInAsync("gov-DYS");

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/DYS/today?date=2026-06-08")).StatusCode);
        var lastWeek = await governor.GetAsync("/establishments/DYS/today?date=2026-06-08");
        Assert.Equal(HttpStatusCode.OK, lastWeek.StatusCode);
        Assert.Contains("13:00 to 15:00", await lastWeek.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await governor.GetAsync("/establishments/DYS/today?date=8-June")).StatusCode);
    }

    [Fact]
    public async Task Staff_of_one_prison_cannot_read_or_write_anothers_sessions_or_visits_through_pages_or_api()
    {
        var mine = await App.PrisonAsync("MIN");
        var theirs = await App.PrisonAsync("THR");
        await App.SessionAsync(mine, App.Today);
        var theirSession = await App.SessionAsync(theirs, App.Today);
        var owner = await App.SignedInAsync("staff-THR");
        var theirVisit = (await (await owner.PostVisitAsync("THR", Hall.Visit(theirSession.Id, prisoner: "Z9999ZZ"), Guid.NewGuid())).JsonAsync());
        var id = theirVisit.GetProperty("id").GetInt32();
        var version = theirVisit.GetProperty("version").GetGuid();
        var intruder = await App.SignedInAsync("staff-MIN");
        var token = await intruder.ApiTokenAsync();

        // Their prison's URLs: refused by the establishment policy.
        foreach (var url in new[] { "/establishments/THR/today", $"/establishments/THR/visits/{id}", "/establishments/THR/capture-shell",
                     "/api/establishments/THR/sessions", $"/api/establishments/THR/visits/{id}", "/establishments/THR/timetable" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.PostVisitAsync("THR", Hall.Visit(theirSession.Id), Guid.NewGuid(), token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.SendJsonAsync(HttpMethod.Put, $"/api/establishments/THR/visits/{id}",
            new { prisoner = "A1111AA", adults = 1, version }, token: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/THR/visits/{id}?version={version}", null, token: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.PostFormAsync($"/establishments/THR/visits/{id}/remove",
            new() { ["version"] = version.ToString() }, "/establishments/MIN/today")).StatusCode);

        // Their ids under my prison's URLs: not found, never served.
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/establishments/MIN/visits/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/establishments/MIN/visits/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendJsonAsync(HttpMethod.Post, $"/api/establishments/MIN/visits/{id}/outcome",
            new { outcome = "NoShow", version }, token: token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostFormAsync($"/establishments/MIN/visits/{id}/remove",
            new() { ["version"] = version.ToString() }, "/establishments/MIN/today")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await intruder.PostVisitAsync("MIN", Hall.Visit(theirSession.Id), Guid.NewGuid(), token)).StatusCode);

        var stored = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == id));
        Assert.False(stored.Removed);
        Assert.Equal(VisitOutcome.Attended, stored.Outcome);
        Assert.Equal("Z9999ZZ", stored.Prisoner);
    }

    [Fact]
    public async Task The_offline_shell_holds_no_personal_data_and_may_be_kept_by_the_service_worker()
    {
        var e = await App.PrisonAsync("SHL");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-SHL");
        await staff.PostVisitAsync("SHL", Hall.Visit(session.Id, prisoner: "S1234HL"), Guid.NewGuid());

        var response = await staff.GetAsync("/establishments/SHL/capture-shell");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cacheControl = response.Headers.CacheControl!.ToString();
        Assert.Contains("no-cache", cacheControl);
        Assert.DoesNotContain("no-store", cacheControl);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("S1234HL", html);
        Assert.DoesNotContain("14:00", html);
        Assert.Contains("id=\"vc-log-visit\"", html);
        Assert.Contains("Working offline", html);

        var sw = await staff.GetAsync("/sw.js");
        Assert.Equal(HttpStatusCode.OK, sw.StatusCode);
        Assert.Contains("no-store", await sw.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/manifest.webmanifest")).StatusCode);
    }

    [Fact]
    public async Task A_stale_form_gets_a_changed_by_someone_else_answer_and_the_first_change_stands()
    {
        var e = await App.PrisonAsync("STL");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-STL");
        var created = await (await staff.PostVisitAsync("STL", Hall.Visit(session.Id, outcome: null, arrivedAt: null), Guid.NewGuid())).JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        var seen = created.GetProperty("version").GetString()!;
        var colleague = await App.SignedInAsync("gov-STL");

        var first = await colleague.PostFormAsync($"/establishments/STL/visits/{id}/outcome", new() { ["outcome"] = "NoShow", ["version"] = seen }, $"/establishments/STL/visits/{id}");
        var second = await staff.PostFormAsync($"/establishments/STL/visits/{id}/outcome", new() { ["outcome"] = "Attended", ["version"] = seen }, $"/establishments/STL/visits/{id}");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("changed by someone else", await second.Content.ReadAsStringAsync());
        Assert.Equal(VisitOutcome.NoShow, await App.WithDbAsync(db => db.Visits.Where(v => v.Id == id).Select(v => v.Outcome).SingleAsync()));
        var updates = await App.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.EntityType == "Visit" && a.EntityKey == id.ToString() && a.Action == "Updated"));
        Assert.Equal(1, updates);
    }

    [Fact]
    public async Task A_correction_is_audited_with_before_and_after_and_a_removal_is_soft()
    {
        var e = await App.PrisonAsync("AUD");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-AUD");
        await staff.PostFormAsync("/establishments/AUD/today/visits", Form(session.Id), "/establishments/AUD/today");
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.EstablishmentId == e.Id));
        var fields = Form(session.Id);
        fields["Adults"] = "3";
        fields["TableNumber"] = "9";
        fields["ArrivedAt"] = "09:55";
        fields["Version"] = visit.Version.ToString();

        var corrected = await staff.PostFormAsync($"/establishments/AUD/visits/{visit.Id}/edit", fields);

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var audit = await App.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.EntityType == "Visit" && a.EntityKey == visit.Id.ToString() && a.Action == "Updated"));
        Assert.Equal("staff-AUD", audit.Actor);
        var before = JsonDocument.Parse(audit.Before!).RootElement;
        var after = JsonDocument.Parse(audit.After!).RootElement;
        Assert.Equal(2, before.GetProperty("Adults").GetInt32());
        Assert.Equal(3, after.GetProperty("Adults").GetInt32());
        Assert.Equal("4", before.GetProperty("TableNumber").GetString());
        Assert.Equal("9", after.GetProperty("TableNumber").GetString());
        Assert.Equal(visit.ArrivedAt!.Value.ToString("HH:mm:ss"), before.GetProperty("ArrivedAt").GetString());
        Assert.Equal("09:55:00", after.GetProperty("ArrivedAt").GetString());
        Assert.False(before.TryGetProperty("Prisoner", out _));
        Assert.Equal(e.Id, audit.EstablishmentId);

        var current = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visit.Id));
        var removed = await staff.PostFormAsync($"/establishments/AUD/visits/{visit.Id}/remove", new() { ["version"] = current.Version.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        current = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visit.Id));
        Assert.True(current.Removed);
        var removal = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "Visit" && a.EntityKey == visit.Id.ToString() && a.Action == "Updated")
            .OrderByDescending(a => a.Id).FirstAsync());
        Assert.Contains("\"Removed\":false", removal.Before);
        Assert.Contains("\"Removed\":true", removal.After);
        var today = await staff.GetStringAsync("/establishments/AUD/today");
        Assert.Contains("Logged: <strong data-count=\"logged\">0</strong>", today);
    }
}
