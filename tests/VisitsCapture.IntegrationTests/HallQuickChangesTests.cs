using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// The day's list with its quick outcome buttons (plain POST forms without JavaScript), the API's end of a visit and its
/// answers with the session's counts, past-day times and the warning before a signed-off month is changed.
/// </summary>
public sealed class HallQuickChangesTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private ClockedAppFactory App => fixture.App;

    private static readonly HtmlParser Parser = new();

    private Task<Visit> VisitAsync(int id) => App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == id));

    private static async Task<int> IdAsync(HttpResponseMessage created) => (await created.JsonAsync()).GetProperty("id").GetInt32();

    private static Dictionary<string, string> Form(int sessionId, string prisoner, string outcome) => new()
    {
        ["SessionId"] = sessionId.ToString(),
        ["Prisoner"] = prisoner,
        ["Adults"] = "1",
        ["Outcome"] = outcome,
    };

    [Fact]
    public async Task The_list_puts_waiting_visits_first_with_quick_buttons_that_post_with_antiforgery_and_come_back_to_the_list()
    {
        var e = await App.PrisonAsync("QCK");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-QCK");
        var attended = await IdAsync(await staff.PostVisitAsync("QCK", Hall.Visit(session.Id, "A1111AA"), Guid.NewGuid()));
        var booked = await IdAsync(await staff.PostVisitAsync("QCK", Hall.Visit(session.Id, "B2222BB", outcome: null, arrivedAt: null), Guid.NewGuid()));

        var doc = Parser.ParseDocument(await staff.GetStringAsync("/establishments/QCK/today"));
        var rows = doc.QuerySelectorAll("tr.vc-visit").ToList();
        Assert.Equal(["B2222BB", "A1111AA"], rows.Select(r => r.GetAttribute("data-prisoner")).ToList());
        var bookedForms = rows[0].QuerySelectorAll("form.vc-quick").ToList();
        Assert.Equal(["Arrived: B2222BB", "No show: B2222BB"], bookedForms.Select(f => f.QuerySelector("button")!.GetAttribute("aria-label")).ToList());
        Assert.All(bookedForms, f =>
        {
            Assert.Equal("post", f.GetAttribute("method"));
            Assert.NotEmpty(f.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
            Assert.Equal("today", f.QuerySelector("input[name=back]")!.GetAttribute("value"));
        });
        Assert.Equal("Ended: A1111AA", rows[1].QuerySelector("form.vc-quick button")!.GetAttribute("aria-label"));
        Assert.Equal($"/establishments/QCK/visits/{attended}/end", rows[1].QuerySelector("form.vc-quick")!.GetAttribute("action"));
        // The form and its outcome buttons come before the list and the sessions.
        var html = doc.DocumentElement.OuterHtml;
        Assert.True(html.IndexOf("id=\"vc-log-visit\"", StringComparison.Ordinal) < html.IndexOf("class=\"govuk-table vc-visits\"", StringComparison.Ordinal));

        // The prison-number filter without JavaScript.
        var found = Parser.ParseDocument(await staff.GetStringAsync("/establishments/QCK/today?find=b22"));
        Assert.Equal(["B2222BB"], found.QuerySelectorAll("tr.vc-visit").Select(r => r.GetAttribute("data-prisoner")).ToList());

        // Arrived, then Ended: one post each, back to the list at the visit's row.
        var arrived = await staff.PostFormAsync($"/establishments/QCK/visits/{booked}/outcome",
            new() { ["outcome"] = "Attended", ["version"] = (await VisitAsync(booked)).Version.ToString(), ["back"] = "today" }, "/establishments/QCK/today");
        Assert.Equal(HttpStatusCode.Redirect, arrived.StatusCode);
        Assert.Equal($"/establishments/QCK/today#visit-{booked}", arrived.Headers.Location!.OriginalString);
        Assert.Equal((VisitOutcome.Attended, App.Now), ((await VisitAsync(booked)).Outcome!.Value, (await VisitAsync(booked)).ArrivedAt!.Value));
        var ended = await staff.PostFormAsync($"/establishments/QCK/visits/{booked}/end",
            new() { ["version"] = (await VisitAsync(booked)).Version.ToString(), ["back"] = "today" }, "/establishments/QCK/today");
        Assert.Equal($"/establishments/QCK/today#visit-{booked}", ended.Headers.Location!.OriginalString);
        Assert.Equal(App.Now, (await VisitAsync(booked)).EndedAt);
        var after = Parser.ParseDocument(await staff.GetStringAsync("/establishments/QCK/today"));
        Assert.Empty(after.QuerySelectorAll($"#visit-{booked} form.vc-quick"));

        // Without the antiforgery token nothing changes.
        var forged = await staff.PostAsync($"/establishments/QCK/visits/{attended}/end",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = (await VisitAsync(attended)).Version.ToString(), ["back"] = "today" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null((await VisitAsync(attended)).EndedAt);
    }

    [Fact]
    public async Task The_api_ends_a_visit_at_the_time_tapped_and_answers_every_change_with_the_sessions_counts()
    {
        var e = await App.PrisonAsync("END");
        var session = await App.SessionAsync(e, App.Today, visits: 2);
        var staff = await App.SignedInAsync("staff-END");
        var created = await (await staff.PostVisitAsync("END", Hall.Visit(session.Id, outcome: null, arrivedAt: null), Guid.NewGuid())).JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal((1, 1, 0, false), (created.GetProperty("session").GetProperty("visitsLogged").GetInt32(), created.GetProperty("session").GetProperty("inHall").GetInt32(),
            created.GetProperty("session").GetProperty("attended").GetInt32(), created.GetProperty("session").GetProperty("full").GetBoolean()));

        var arrived = await (await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/END/visits/{id}/outcome",
            new { outcome = "Attended", at = "14:05", version = created.GetProperty("version").GetGuid() })).JsonAsync();
        Assert.Equal(1, arrived.GetProperty("session").GetProperty("attended").GetInt32());
        var version = arrived.GetProperty("version").GetGuid();

        var ended = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/END/visits/{id}/end", new { at = "15:30", version });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("15:30", (await ended.JsonAsync()).GetProperty("endedAt").GetString());
        var stale = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/END/visits/{id}/end", new { at = "15:45", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(new TimeOnly(15, 30), (await VisitAsync(id)).EndedAt);
        var badTime = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/END/visits/{id}/end", new { at = "25:00", version = (await VisitAsync(id)).Version });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badTime.StatusCode);

        // On an earlier day "now" would be invented: the time must be given.
        var yesterday = await App.SessionAsync(e, App.Today.AddDays(-1));
        var governor = await App.SignedInAsync("gov-END");
        var old = await (await governor.PostVisitAsync("END", Hall.Visit(yesterday.Id, "B1234BC", arrivedAt: "14:10"), Guid.NewGuid())).JsonAsync();
        var noTime = await governor.SendJsonAsync(HttpMethod.Post, $"/api/establishments/END/visits/{old.GetProperty("id").GetInt32()}/end", new { version = old.GetProperty("version").GetGuid() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTime.StatusCode);
        Assert.True((await noTime.JsonAsync()).GetProperty("errors").TryGetProperty("at", out _));
    }

    [Fact]
    public async Task A_visit_logged_for_an_earlier_day_takes_the_sessions_times_and_an_arrival_outside_the_session_is_flagged()
    {
        var e = await App.PrisonAsync("PST");
        var day = App.Today.AddDays(-2);
        var session = await App.SessionAsync(e, day);
        var governor = await App.SignedInAsync("gov-PST");
        var page = Parser.ParseDocument(await governor.GetStringAsync($"/establishments/PST/today?date={day:yyyy-MM-dd}"));
        Assert.NotNull(page.QuerySelector("#vc-log-visit input[name=ArrivedAt]"));

        var logged = await governor.PostFormAsync("/establishments/PST/today/visits", Form(session.Id, "A1234BC", "Attended"), $"/establishments/PST/today?date={day:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.EstablishmentId == e.Id));
        Assert.Equal(new TimeOnly(14, 0), visit.ArrivedAt);

        var early = await (await governor.PostVisitAsync("PST", Hall.Visit(session.Id, "B1234BC", arrivedAt: "07:00"), Guid.NewGuid())).JsonAsync();
        Assert.Contains(early.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("The arrival time 07:00 is outside the session (14:00 to 16:00)"));
        var visitPage = await governor.GetStringAsync($"/establishments/PST/visits/{early.GetProperty("id").GetInt32()}");
        Assert.Contains("The arrival time 07:00 is outside the session (14:00 to 16:00)", visitPage);
    }

    [Fact]
    public async Task Changing_a_signed_off_month_needs_a_confirmation_on_the_page_and_is_warned_of_in_the_api()
    {
        var e = await App.PrisonAsync("SGN");
        var day = App.Today.AddDays(-1);
        var session = await App.SessionAsync(e, day);
        await App.WithDbAsync(async db =>
        {
            db.MonthlyReturns.Add(new MonthlyReturn
            {
                EstablishmentId = e.Id,
                Month = YearMonth.Of(day).Key,
                Version = 1,
                Status = ReturnStatus.SignedOff,
                ContentHash = "test",
                GeneratedAt = DateTime.UtcNow,
                SignedOffBy = "gov-SGN",
                SignedOffAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        var governor = await App.SignedInAsync("gov-SGN");
        var dayUrl = $"/establishments/SGN/today?date={day:yyyy-MM-dd}";
        var page = Parser.ParseDocument(await governor.GetStringAsync(dayUrl));
        Assert.Contains("has been signed off", page.QuerySelector("#vc-log-visit .govuk-warning-text")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#vc-log-visit")!.GetAttribute("data-needs-confirmation"));

        var unconfirmed = await governor.PostFormAsync("/establishments/SGN/today/visits", Form(session.Id, "A1234BC", "Attended"), dayUrl);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("Confirm that the signed-off return will be revised", await unconfirmed.Content.ReadAsStringAsync());
        Assert.False(await App.WithDbAsync(db => db.Visits.AnyAsync(v => v.EstablishmentId == e.Id)));

        var fields = Form(session.Id, "A1234BC", "Attended");
        fields["ConfirmRevision"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await governor.PostFormAsync("/establishments/SGN/today/visits", fields, dayUrl)).StatusCode);
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.EstablishmentId == e.Id));
        // The list offers no quick buttons on that day: a change goes through the form that asks first.
        var listed = Parser.ParseDocument(await governor.GetStringAsync(dayUrl));
        Assert.NotNull(listed.QuerySelector($"#visit-{visit.Id}"));
        Assert.Empty(listed.QuerySelectorAll("form.vc-quick"));

        // The correction form asks the same.
        var correction = Form(session.Id, "A1234BC", "Attended");
        correction["Version"] = visit.Version.ToString();
        correction["Adults"] = "3";
        var edit = await governor.PostFormAsync($"/establishments/SGN/visits/{visit.Id}/edit", correction);
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Equal(1, (await VisitAsync(visit.Id)).Adults);

        // The visit's own page has no one-tap outcome buttons either, and a direct outcome post is refused.
        var visitUrl = $"/establishments/SGN/visits/{visit.Id}";
        var visitPage = Parser.ParseDocument(await governor.GetStringAsync(visitUrl));
        Assert.Contains("has been signed off", visitPage.QuerySelector(".govuk-warning-text")!.TextContent);
        Assert.Empty(visitPage.QuerySelectorAll($"form[action='{visitUrl}/outcome'], form[action='{visitUrl}/end']"));
        var outcome = await governor.PostFormAsync($"{visitUrl}/outcome", new() { ["outcome"] = "NoShow", ["version"] = visit.Version.ToString() }, visitUrl);
        Assert.Equal(HttpStatusCode.BadRequest, outcome.StatusCode);
        Assert.Equal(VisitOutcome.Attended, (await VisitAsync(visit.Id)).Outcome);

        // Removing asks too.
        var remove = await governor.PostFormAsync($"{visitUrl}/remove", new() { ["version"] = visit.Version.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, remove.StatusCode);
        Assert.Contains("Confirm that the signed-off return will be revised", await remove.Content.ReadAsStringAsync());
        Assert.False((await VisitAsync(visit.Id)).Removed);
        var confirmed = await governor.PostFormAsync($"{visitUrl}/remove", new() { ["version"] = visit.Version.ToString(), ["ConfirmRevision"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True((await VisitAsync(visit.Id)).Removed);

        // The API does not stop a device's change, but says what it does.
        var api = await (await governor.PostVisitAsync("SGN", Hall.Visit(session.Id, "B1234BC"), Guid.NewGuid())).JsonAsync();
        Assert.Contains(api.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("(version 1) has been signed off"));
    }
}
