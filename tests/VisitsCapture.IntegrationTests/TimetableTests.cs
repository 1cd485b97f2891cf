using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Sessions;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Features.Sessions;

namespace VisitsCapture.IntegrationTests;

/// <summary>A governor's timetable: weekly templates, generating sessions, changes from a date, cancellations, one-offs.</summary>
public sealed class TimetableTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private ClockedAppFactory App => fixture.App;

    // The fake clock's today is Monday 15 June 2026.
    private static readonly DateOnly Monday1June = new(2026, 6, 1);

    private static Dictionary<string, string> Template(string day = "Monday", string start = "14:00", string end = "16:00", string type = "Social",
        string visits = "20", string visitors = "60", string from = "2026-05-01", string to = "") => new()
    {
        ["DayOfWeek"] = day,
        ["Start"] = start,
        ["End"] = end,
        ["Type"] = type,
        ["CapacityVisits"] = visits,
        ["CapacityVisitors"] = visitors,
        ["ValidFrom"] = from,
        ["ValidTo"] = to,
    };

    private Task<List<Session>> SessionsAsync(Establishment e) =>
        App.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.EstablishmentId == e.Id).OrderBy(s => s.Date).ThenBy(s => s.Start).ToListAsync());

    private static Task<HttpResponseMessage> GenerateAsync(HttpClient client, string code, string from, string to) =>
        client.PostFormAsync($"/establishments/{code}/timetable/generate", new() { ["From"] = from, ["To"] = to }, $"/establishments/{code}/timetable");

    [Fact]
    public async Task Only_a_governor_of_the_establishment_manages_its_timetable()
    {
        await App.PrisonAsync("TTA");
        var staff = await App.SignedInAsync("staff-TTA");
        var governor = await App.SignedInAsync("gov-TTA");

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/establishments/TTA/timetable")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync("/establishments/TTA/timetable/templates", Template(), "/establishments/TTA/today")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync("/establishments/TTA/timetable")).StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.SessionTemplates.CountAsync(t => t.Establishment!.Code == "TTA")));
    }

    [Fact]
    public async Task Generating_sessions_makes_each_weekly_session_once_however_often_it_runs()
    {
        var e = await App.PrisonAsync("GEN");
        var governor = await App.SignedInAsync("gov-GEN");
        Assert.Equal(HttpStatusCode.Redirect, (await governor.PostFormAsync("/establishments/GEN/timetable/templates", Template(), "/establishments/GEN/timetable")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await governor.PostFormAsync("/establishments/GEN/timetable/templates",
            Template(day: "Saturday", start: "09:30", end: "11:30", type: "EnhancedFamily", visits: "8", visitors: "30", to: "2026-06-20"), "/establishments/GEN/timetable")).StatusCode);

        // 1 to 30 June 2026: Mondays 1, 8, 15, 22, 29 (5) and Saturdays 6, 13, 20 (3; the family day ends on the 20th).
        Assert.Equal(HttpStatusCode.Redirect, (await GenerateAsync(governor, "GEN", "2026-06-01", "2026-06-30")).StatusCode);
        var first = await SessionsAsync(e);
        Assert.Equal(8, first.Count);
        Assert.Equal(5, first.Count(s => s.Date.DayOfWeek == DayOfWeek.Monday && s.Start == new TimeOnly(14, 0) && s.CapacityVisits == 20 && s.Type == SessionType.Social));
        Assert.Equal([new DateOnly(2026, 6, 6), new DateOnly(2026, 6, 13), new DateOnly(2026, 6, 20)],
            first.Where(s => s.Type == SessionType.EnhancedFamily).Select(s => s.Date).ToList());
        Assert.All(first, s => Assert.Equal(202606, s.Month));

        Assert.Equal(HttpStatusCode.Redirect, (await GenerateAsync(governor, "GEN", "2026-06-01", "2026-06-30")).StatusCode);
        using (var scope = App.Services.CreateScope())
        {
            // The daily job's form: every establishment. Whatever the first run adds elsewhere, a second run adds nothing.
            var generator = scope.ServiceProvider.GetRequiredService<SessionGenerator>();
            await generator.GenerateAsync(null, Monday1June, new DateOnly(2026, 6, 30));
            Assert.Equal(0, await generator.GenerateAsync(null, Monday1June, new DateOnly(2026, 6, 30)));
        }
        Assert.Equal(8, (await SessionsAsync(e)).Count);
    }

    [Fact]
    public async Task A_template_change_takes_effect_from_its_date_and_never_alters_past_sessions_or_ones_with_visits()
    {
        var e = await App.PrisonAsync("CHG");
        var governor = await App.SignedInAsync("gov-CHG");
        await governor.PostFormAsync("/establishments/CHG/timetable/templates", Template(), "/establishments/CHG/timetable");
        await GenerateAsync(governor, "CHG", "2026-06-01", "2026-06-30");
        var template = await App.WithDbAsync(db => db.SessionTemplates.SingleAsync(t => t.EstablishmentId == e.Id));
        // A visit is already booked in the session of Monday 22 June.
        await App.WithDbAsync(async db =>
        {
            var s = await db.Sessions.SingleAsync(x => x.EstablishmentId == e.Id && x.Date == new DateOnly(2026, 6, 22));
            db.Visits.Add(new Visit { ClientId = Guid.NewGuid(), EstablishmentId = e.Id, SessionId = s.Id, Date = s.Date, Month = s.Month, Prisoner = "A1234BC", Adults = 1 });
            await db.SaveChangesAsync();
        });
        var fields = Template(start: "14:30", end: "16:30", visits: "30", visitors: "90");
        fields["EffectiveFrom"] = "2026-06-16";
        fields["Version"] = template.Version.ToString();

        var response = await governor.PostFormAsync($"/establishments/CHG/timetable/templates/{template.Id}/change", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sessions = await SessionsAsync(e);
        var before = sessions.Where(s => s.Date <= new DateOnly(2026, 6, 15)).ToList();
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 15)], before.Select(s => s.Date).ToList());
        Assert.All(before, s => Assert.Equal((new TimeOnly(14, 0), 20, 60, template.Id), (s.Start, s.CapacityVisits, s.CapacityVisitors, s.TemplateId!.Value)));
        var withVisit = Assert.Single(sessions, s => s.Date == new DateOnly(2026, 6, 22));
        Assert.Equal((new TimeOnly(14, 0), 20), (withVisit.Start, withVisit.CapacityVisits));
        var remade = Assert.Single(sessions, s => s.Date == new DateOnly(2026, 6, 29));
        Assert.Equal((new TimeOnly(14, 30), new TimeOnly(16, 30), 30, 90), (remade.Start, remade.End, remade.CapacityVisits, remade.CapacityVisitors));
        Assert.NotEqual(template.Id, remade.TemplateId);

        var templates = await App.WithDbAsync(db => db.SessionTemplates.AsNoTracking().Where(t => t.EstablishmentId == e.Id).OrderBy(t => t.ValidFrom).ToListAsync());
        Assert.Equal(2, templates.Count);
        Assert.Equal(new DateOnly(2026, 6, 15), templates[0].ValidTo);
        Assert.Equal((new DateOnly(2026, 6, 16), (DateOnly?)null, 30), (templates[1].ValidFrom, templates[1].ValidTo, templates[1].CapacityVisits));
        var message = await governor.GetStringAsync("/establishments/CHG/timetable");
        Assert.Contains("1 planned session was made again from the new timetable", message);
        Assert.Contains("1 session has visits recorded and was kept as it was", message);
    }

    [Fact]
    public async Task A_change_dated_in_the_past_is_refused()
    {
        var e = await App.PrisonAsync("PST");
        var governor = await App.SignedInAsync("gov-PST");
        await governor.PostFormAsync("/establishments/PST/timetable/templates", Template(), "/establishments/PST/timetable");
        var template = await App.WithDbAsync(db => db.SessionTemplates.SingleAsync(t => t.EstablishmentId == e.Id));
        var fields = Template(visits: "5");
        fields["EffectiveFrom"] = "2026-06-01";
        fields["Version"] = template.Version.ToString();

        var response = await governor.PostFormAsync($"/establishments/PST/timetable/templates/{template.Id}/change", fields, $"/establishments/PST/timetable/templates/{template.Id}/change");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("past sessions are never changed", await response.Content.ReadAsStringAsync());
        Assert.Equal(20, await App.WithDbAsync(db => db.SessionTemplates.Where(t => t.Id == template.Id).Select(t => t.CapacityVisits).SingleAsync()));
    }

    public static TheoryData<string, string, string> InvalidTemplates => new()
    {
        { "DayOfWeek", "Funday", "Select the day of the week" },
        { "DayOfWeek", "1", "Select the day of the week" },
        { "Start", "", "Enter the start time" },
        { "Start", "2pm", "Enter the start time as a 24-hour time, like 14:00" },
        { "End", "13:00", "The end time must be after the start time" },
        { "Type", "Party", "Select the type of session" },
        { "CapacityVisits", "-1", "The number of visits (tables) must be between 0 and 500" },
        { "CapacityVisitors", "100000", "The number of visitors must be between 0 and 2000" },
        { "CapacityVisitors", "many", "The number of visitors must be a whole number" },
        { "ValidFrom", "31/02/2026", "The first date must be a real date" },
        { "ValidTo", "2026-04-01", "The last date must be the same as or after the first date" },
    };

    [Theory]
    [MemberData(nameof(InvalidTemplates))]
    public async Task A_template_with_a_mistake_is_explained_and_not_saved(string field, string value, string message)
    {
        var e = await App.WithDbAsync(db => db.Establishments.FirstOrDefaultAsync(x => x.Code == "TVE")) ?? await App.PrisonAsync("TVE");
        var governor = await App.SignedInAsync("gov-TVE");
        var fields = Template();
        fields[field] = value;

        var response = await governor.PostFormAsync("/establishments/TVE/timetable/templates", fields, "/establishments/TVE/timetable/templates/new");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, doc.QuerySelector(".govuk-error-summary")!.TextContent);
        Assert.NotNull(doc.GetElementById(field));
        Assert.Equal(0, await App.WithDbAsync(db => db.SessionTemplates.CountAsync(t => t.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task Two_weekly_sessions_at_the_same_time_in_overlapping_periods_are_refused()
    {
        var e = await App.PrisonAsync("DUP");
        var governor = await App.SignedInAsync("gov-DUP");
        await governor.PostFormAsync("/establishments/DUP/timetable/templates", Template(to: "2026-07-31"), "/establishments/DUP/timetable");

        var clash = await governor.PostFormAsync("/establishments/DUP/timetable/templates", Template(from: "2026-07-01"), "/establishments/DUP/timetable");
        var after = await governor.PostFormAsync("/establishments/DUP/timetable/templates", Template(from: "2026-08-01"), "/establishments/DUP/timetable");

        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        Assert.Contains("There is already a weekly session on Mondays at 14:00", await clash.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.SessionTemplates.CountAsync(t => t.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task Cancelling_a_session_counts_it_lost_and_cancels_its_booked_visits_only()
    {
        var e = await App.PrisonAsync("CAN");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-CAN");
        var booked = (await (await staff.PostVisitAsync("CAN", Hall.Visit(session.Id, prisoner: "B1111BB", outcome: null, arrivedAt: null), Guid.NewGuid())).JsonAsync()).GetProperty("id").GetInt32();
        var attended = (await (await staff.PostVisitAsync("CAN", Hall.Visit(session.Id, prisoner: "C2222CC"), Guid.NewGuid())).JsonAsync()).GetProperty("id").GetInt32();
        var governor = await App.SignedInAsync("gov-CAN");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/establishments/CAN/timetable/sessions/{session.Id}/cancel")).StatusCode);

        var noReason = await governor.PostFormAsync($"/establishments/CAN/timetable/sessions/{session.Id}/cancel",
            new() { ["Reason"] = " ", ["Version"] = session.Version.ToString() }, $"/establishments/CAN/timetable/sessions/{session.Id}/cancel");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Enter the reason for cancelling the session", await noReason.Content.ReadAsStringAsync());

        var response = await governor.PostFormAsync($"/establishments/CAN/timetable/sessions/{session.Id}/cancel",
            new() { ["Reason"] = "Lockdown after an incident", ["Version"] = session.Version.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await App.WithDbAsync(db => db.Sessions.SingleAsync(s => s.Id == session.Id));
        Assert.Equal(SessionStatus.CancelledByEstablishment, stored.Status);
        Assert.Equal("Lockdown after an incident", stored.CancellationReason);
        var outcomes = await App.WithDbAsync(db => db.Visits.Where(v => v.SessionId == session.Id).ToDictionaryAsync(v => v.Id, v => v.Outcome));
        Assert.Equal(VisitOutcome.CancelledByEstablishment, outcomes[booked]);
        Assert.Equal(VisitOutcome.Attended, outcomes[attended]);
        var html = await staff.GetStringAsync("/establishments/CAN/today");
        Assert.Contains("Cancelled by the establishment: Lockdown after an incident", html);
        var audit = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "Session" && a.EntityKey == session.Id.ToString() && a.Action == "Updated").SingleAsync());
        var status = System.Text.Json.JsonDocument.Parse(audit.After!).RootElement.GetProperty("Status");
        Assert.Equal("CancelledByEstablishment", status.GetString());
        Assert.Contains("Lockdown after an incident", audit.After);

        var again = await governor.PostFormAsync($"/establishments/CAN/timetable/sessions/{session.Id}/cancel",
            new() { ["Reason"] = "Twice", ["Version"] = stored.Version.ToString() }, $"/establishments/CAN/timetable/sessions/{session.Id}/cancel");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_one_off_session_is_added_once()
    {
        var e = await App.PrisonAsync("ONE");
        var governor = await App.SignedInAsync("gov-ONE");
        var fields = new Dictionary<string, string>
        {
            ["Date"] = "2026-07-04", ["Start"] = "10:00", ["End"] = "15:00", ["Type"] = "EnhancedFamily", ["CapacityVisits"] = "15", ["CapacityVisitors"] = "60",
        };

        var first = await governor.PostFormAsync("/establishments/ONE/timetable/sessions", new(fields), "/establishments/ONE/timetable/sessions/new");
        var second = await governor.PostFormAsync("/establishments/ONE/timetable/sessions", new(fields), "/establishments/ONE/timetable/sessions/new");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("There is already a session starting at that time on that date", await second.Content.ReadAsStringAsync());
        var session = Assert.Single(await SessionsAsync(e));
        Assert.True(session.OneOff);
        Assert.Null(session.TemplateId);
        Assert.Equal((new DateOnly(2026, 7, 4), SessionType.EnhancedFamily, 15, 202607), (session.Date, session.Type, session.CapacityVisits, session.Month));
    }

    [Fact]
    public async Task Stopping_a_template_removes_its_future_planned_sessions_and_keeps_the_past()
    {
        var e = await App.PrisonAsync("STP");
        var governor = await App.SignedInAsync("gov-STP");
        await governor.PostFormAsync("/establishments/STP/timetable/templates", Template(), "/establishments/STP/timetable");
        await GenerateAsync(governor, "STP", "2026-06-01", "2026-06-30");
        var template = await App.WithDbAsync(db => db.SessionTemplates.SingleAsync(t => t.EstablishmentId == e.Id));

        var response = await governor.PostFormAsync($"/establishments/STP/timetable/templates/{template.Id}/stop",
            new() { ["From"] = "2026-06-22", ["Version"] = template.Version.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 8), new DateOnly(2026, 6, 15)], (await SessionsAsync(e)).Select(s => s.Date).ToList());
        Assert.Equal(new DateOnly(2026, 6, 21), await App.WithDbAsync(db => db.SessionTemplates.Where(t => t.Id == template.Id).Select(t => t.ValidTo).SingleAsync()));
        await GenerateAsync(governor, "STP", "2026-06-01", "2026-07-31");
        Assert.Equal(3, (await SessionsAsync(e)).Count);
    }

    [Fact]
    public async Task The_hall_screen_makes_todays_sessions_from_the_timetable_when_the_daily_job_has_not()
    {
        var e = await App.PrisonAsync("AUT");
        var governor = await App.SignedInAsync("gov-AUT");
        await governor.PostFormAsync("/establishments/AUT/timetable/templates", Template(), "/establishments/AUT/timetable");
        var staff = await App.SignedInAsync("staff-AUT");

        var html = await staff.GetStringAsync("/establishments/AUT/today");

        Assert.Contains("14:00 to 16:00 · Social", html);
        var session = Assert.Single(await SessionsAsync(e));
        Assert.Equal(App.Today, session.Date);
    }
}
