using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// Staff correct a visit on the day it took place; the next day only a governor can. The clock moves a day in this
/// class, so it has its own app.
/// </summary>
public sealed class VisitCorrectionTests(HallFixture fixture) : IClassFixture<HallFixture>
{
    private ClockedAppFactory App => fixture.App;

    private static Dictionary<string, string> Correction(int sessionId, Guid version, string adults) => new()
    {
        ["SessionId"] = sessionId.ToString(),
        ["Prisoner"] = "A1234BC",
        ["Adults"] = adults,
        ["Children0To4"] = "0",
        ["Relationship"] = "Sibling",
        ["Outcome"] = "Attended",
        ["ArrivedAt"] = "14:02",
        ["Version"] = version.ToString(),
    };

    private Task<Visit> VisitAsync(int id) => App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == id));

    [Fact]
    public async Task Staff_correct_on_the_same_day_and_only_a_governor_the_day_after()
    {
        var e = await App.PrisonAsync("SDY");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-SDY");
        var id = (await (await staff.PostVisitAsync("SDY", Hall.Visit(session.Id), Guid.NewGuid())).JsonAsync()).GetProperty("id").GetInt32();

        // The same day: staff may correct (page) and change the outcome (API).
        var sameDay = await staff.PostFormAsync($"/establishments/SDY/visits/{id}/edit", Correction(session.Id, (await VisitAsync(id)).Version, "3"));
        Assert.Equal(HttpStatusCode.Redirect, sameDay.StatusCode);
        Assert.Equal(3, (await VisitAsync(id)).Adults);
        var outcome = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/SDY/visits/{id}/outcome", new { outcome = "Terminated", version = (await VisitAsync(id)).Version });
        Assert.Equal(HttpStatusCode.OK, outcome.StatusCode);

        // The next day: refused for staff, by page and by API, and nothing changes.
        App.Clock.Advance(TimeSpan.FromDays(1));
        staff = await App.SignedInAsync("staff-SDY");
        var governor = await App.SignedInAsync("gov-SDY");
        var version = (await VisitAsync(id)).Version;
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/establishments/SDY/visits/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync($"/establishments/SDY/visits/{id}/edit", Correction(session.Id, version, "4"),
            "/establishments/SDY/today")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync($"/establishments/SDY/visits/{id}/outcome",
            new() { ["outcome"] = "NoShow", ["version"] = version.ToString() }, "/establishments/SDY/today")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync($"/establishments/SDY/visits/{id}/remove",
            new() { ["version"] = version.ToString() }, "/establishments/SDY/today")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.SendJsonAsync(HttpMethod.Put, $"/api/establishments/SDY/visits/{id}",
            new { prisoner = "A1234BC", adults = 4, version })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/SDY/visits/{id}?version={version}", null)).StatusCode);
        var visitPage = await staff.GetStringAsync($"/establishments/SDY/visits/{id}");
        Assert.Contains("Only a governor can change a visit after the day it took place", visitPage);
        Assert.Equal(3, (await VisitAsync(id)).Adults);
        Assert.Equal(VisitOutcome.Terminated, (await VisitAsync(id)).Outcome);

        // A governor can, the next day.
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync($"/establishments/SDY/visits/{id}/edit")).StatusCode);
        var byGovernor = await governor.PostFormAsync($"/establishments/SDY/visits/{id}/edit", Correction(session.Id, version, "4"));
        Assert.Equal(HttpStatusCode.Redirect, byGovernor.StatusCode);
        var corrected = await VisitAsync(id);
        Assert.Equal(4, corrected.Adults);
        Assert.Equal(VisitOutcome.Attended, corrected.Outcome);
        Assert.Equal(new TimeOnly(14, 2), corrected.ArrivedAt);
        var viaApi = await governor.SendJsonAsync(HttpMethod.Post, $"/api/establishments/SDY/visits/{id}/outcome", new { outcome = "NoShow", version = corrected.Version });
        Assert.Equal(HttpStatusCode.OK, viaApi.StatusCode);
        // On a later day no time is invented: the arrival recorded stays, nothing new is stamped.
        Assert.Equal(new TimeOnly(14, 2), (await VisitAsync(id)).ArrivedAt);

        var audits = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "Visit" && a.EntityKey == id.ToString()).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Created", "Updated", "Updated", "Updated", "Updated"], audits.Select(a => a.Action).ToList());
        Assert.Equal(["staff-SDY", "staff-SDY", "staff-SDY", "gov-SDY", "gov-SDY"], audits.Select(a => a.Actor).ToList());
        Assert.Contains("\"Adults\":3", audits[3].Before);
        Assert.Contains("\"Adults\":4", audits[3].After);
    }

    /// <summary>
    /// One guard (ChangeableVisits) answers for the hall pages and the API alike: a removed visit is 409 Conflict on
    /// both (the user may change visits here; the visit's state refuses it), and nothing changes.
    /// </summary>
    [Fact]
    public async Task A_removed_visit_is_409_on_the_pages_and_the_api_alike()
    {
        var e = await App.PrisonAsync("RMV");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-RMV");
        var id = (await (await staff.PostVisitAsync("RMV", Hall.Visit(session.Id), Guid.NewGuid())).JsonAsync()).GetProperty("id").GetInt32();
        var removed = await staff.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/RMV/visits/{id}?version={(await VisitAsync(id)).Version}", null);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var before = await VisitAsync(id);
        var version = before.Version;

        var editPage = await staff.GetAsync($"/establishments/RMV/visits/{id}/edit");
        Assert.Equal(HttpStatusCode.Conflict, editPage.StatusCode);
        Assert.Contains("This visit has been removed, so it cannot be changed.", await editPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.GetAsync($"/establishments/RMV/visits/{id}/remove")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostFormAsync($"/establishments/RMV/visits/{id}/edit", Correction(session.Id, version, "4"),
            "/establishments/RMV/today")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostFormAsync($"/establishments/RMV/visits/{id}/outcome",
            new() { ["outcome"] = "NoShow", ["version"] = version.ToString() }, "/establishments/RMV/today")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostFormAsync($"/establishments/RMV/visits/{id}/end",
            new() { ["version"] = version.ToString() }, "/establishments/RMV/today")).StatusCode);

        var api = await staff.SendJsonAsync(HttpMethod.Put, $"/api/establishments/RMV/visits/{id}", new { prisoner = "A1234BC", adults = 4, version });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("This visit has been removed, so it cannot be changed.", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/RMV/visits/{id}/outcome",
            new { outcome = "NoShow", version })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/RMV/visits/{id}?version={version}", null)).StatusCode);

        var after = await VisitAsync(id);
        Assert.Equal((before.Version, before.Adults, before.Outcome), (after.Version, after.Adults, after.Outcome));
        // An unknown visit is still 404 on both.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/establishments/RMV/visits/999999/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/RMV/visits/999999?version={version}", null)).StatusCode);
    }
}
