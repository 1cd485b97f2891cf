using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

/// <summary>
/// The hall's API as the tablet's outbox uses it, on SQLite, and the checks of a request that refuse it before any
/// data is written: those do not depend on the database, so they are not repeated on PostgreSQL.
/// </summary>
public sealed class VisitsApiTests(HallFixture fixture) : VisitsApiTests<HallFixture>(fixture)
{
    [Theory]
    [InlineData("KY1", null)]
    [InlineData("KY2", "")]
    [InlineData("KY3", "not-a-uuid")]
    [InlineData("KY4", "00000000-0000-0000-0000-000000000000")]
    public async Task A_missing_or_invalid_idempotency_key_is_a_400_problem(string code, string? key)
    {
        var e = await App.PrisonAsync(code);
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync($"staff-{e.Code}");

        var response = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/{e.Code}/visits", Hall.Visit(session.Id), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    public static TheoryData<string, string, string> InvalidFields => new()
    {
        { "prisoner", "\"\"", "Enter the prison number" },
        { "prisoner", "\"1234ABC\"", "one letter, four numbers and two letters" },
        { "prisoner", "\"A123BC\"", "one letter, four numbers and two letters" },
        { "prisoner", "\"A1234BCD\"", "one letter, four numbers and two letters" },
        { "adults", "-1", "The number of adults must be between 0 and 20" },
        { "adults", "21", "The number of adults must be between 0 and 20" },
        { "children0To4", "-3", "children aged 0 to 4 must be between 0 and 20" },
        { "children5To11", "2000", "children aged 5 to 11 must be between 0 and 20" },
        { "children12To17", "99", "children aged 12 to 17 must be between 0 and 20" },
        { "outcome", "\"Arrived\"", "The outcome must be one of Attended, NoShow" },
        { "outcome", "\"3\"", "The outcome must be one of Attended, NoShow" },
        { "relationship", "\"Cousin\"", "Select the relationship of the lead visitor" },
        { "visitorPostcode", "\"NOT A POSTCODE\"", "Enter a real postcode" },
        { "visitorPostcode", "\"WV10 6AAA\"", "Enter a real postcode" },
        { "tableNumber", "\"12345678901\"", "The table must be 10 letters or numbers or fewer" },
        { "tableNumber", "\"<b>\"", "The table must be 10 letters or numbers or fewer" },
        { "arrivedAt", "\"25:00\"", "Enter the arrival time as a 24-hour time" },
        { "endedAt", "\"noon\"", "Enter the end time as a 24-hour time" },
        { "endedAt", "\"13:00\"", "The end time must be the same as or after the arrival time" },
        { "sessionId", "null", "Select the session" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Every_field_is_checked_with_a_clear_message_and_nothing_is_stored(string field, string json, string message)
    {
        var code = "V" + (Math.Abs(HashCode.Combine(field, json)) % 100).ToString("D2");
        var e = await App.WithDbAsync(db => db.Establishments.FirstOrDefaultAsync(x => x.Code == code)) ?? await App.PrisonAsync(code);
        var session = await App.WithDbAsync(db => db.Sessions.FirstOrDefaultAsync(s => s.EstablishmentId == e.Id)) ?? await App.SessionAsync(e, App.Today);
        var body = JsonSerializer.SerializeToNode(Hall.Visit(session.Id), Hall.Json)!.AsObject();
        body[field] = System.Text.Json.Nodes.JsonNode.Parse(json);
        var staff = await App.SignedInAsync($"staff-{code}");

        var response = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/{code}/visits", null, Guid.NewGuid().ToString(), rawBody: body.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task A_visit_with_no_visitors_at_all_is_refused()
    {
        var e = await App.PrisonAsync("NOV");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-NOV");

        var response = await staff.PostVisitAsync("NOV", Hall.Visit(session.Id, adults: 0, children0To4: 0), Guid.NewGuid());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Enter at least one visitor", (await response.JsonAsync()).GetProperty("errors").GetProperty("adults")[0].GetString());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"adults\": \"many\"}")]
    [InlineData("{\"adults\": 1e40}")]
    [InlineData("{\"sessionId\": {\"a\": 1}}")]
    [InlineData("{\"firstVisit\": \"perhaps\"}")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Bad_json_is_a_400_problem_never_a_500(string raw)
    {
        var e = await App.WithDbAsync(db => db.Establishments.FirstOrDefaultAsync(x => x.Code == "BAD")) ?? await App.PrisonAsync("BAD");
        var staff = await App.SignedInAsync("staff-BAD");

        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/establishments/BAD/visits", null, Guid.NewGuid().ToString(), rawBody: raw);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (await response.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task The_api_refuses_a_cookie_call_without_the_antiforgery_token()
    {
        var e = await App.PrisonAsync("AFT");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-AFT");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/establishments/AFT/visits")
        {
            Content = JsonContent(Hall.Visit(session.Id)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task The_api_is_described_in_the_openapi_document()
    {
        var json = await (await App.SignedInAsync(await AdminAsync())).GetStringAsync("/openapi/v1.json");
        var paths = JsonDocument.Parse(json).RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/establishments/{establishment}/sessions", out var sessions));
        Assert.True(sessions.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/establishments/{establishment}/visits", out var visits));
        var post = visits.GetProperty("post");
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
        foreach (var code in new[] { "200", "201", "400", "409", "422" })
        {
            Assert.True(post.GetProperty("responses").TryGetProperty(code, out _), $"POST visits documents {code}");
        }
        Assert.True(paths.TryGetProperty("/api/establishments/{establishment}/visits/{id}", out var visit));
        Assert.True(visit.TryGetProperty("put", out _));
        Assert.True(visit.TryGetProperty("delete", out _));
        Assert.True(paths.TryGetProperty("/api/establishments/{establishment}/visits/{id}/outcome", out _));
        Assert.False(paths.TryGetProperty("/establishments/{establishment}/today", out _));
    }

    private async Task<string> AdminAsync()
    {
        const string name = "openapi-reader";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)))
        {
            await App.AddUserAsync(name, Roles.Administrator, null);
        }
        return name;
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Hall.Json), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>The same tests on PostgreSQL, and the race that the unique index decides, made to happen every time.</summary>
public sealed class PostgresVisitsApiTests(PostgresHallFixture fixture) : VisitsApiTests<PostgresHallFixture>(fixture)
{
    [Fact]
    public async Task A_visit_stored_by_another_request_while_this_one_inserts_it_is_answered_with_that_visit()
    {
        var e = await App.PrisonAsync("RCE");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-RCE");
        var token = await staff.ApiTokenAsync();
        var body = Hall.Visit(session.Id);
        var earlier = (await (await staff.PostVisitAsync("RCE", body, Guid.NewGuid(), token)).JsonAsync()).GetProperty("id").GetInt32();
        var hash = await App.WithDbAsync(db => db.Visits.Where(v => v.Id == earlier).Select(v => v.PayloadHash).SingleAsync());
        var key = Guid.NewGuid();

        // The other request has inserted the visit but not committed: this one finds no visit with the key, and its
        // INSERT waits on the unique index until the other commits, then fails with 23505 and reads the other's row.
        using var scope = App.Services.CreateScope();
        var other = scope.ServiceProvider.GetRequiredService<VisitsDbContext>();
        await using var transaction = await other.Database.BeginTransactionAsync();
        var visit = new Visit
        {
            ClientId = key, EstablishmentId = e.Id, SessionId = session.Id, Date = session.Date, Month = session.Month, Prisoner = "A1234BC",
            Adults = 2, Children0To4 = 1, PayloadHash = hash, CreatedAt = DateTime.UtcNow,
        };
        other.Visits.Add(visit);
        await other.SaveChangesAsync();
        var racing = staff.PostVisitAsync("RCE", body, key, token);
        await App.WaitForBlockedStatementAsync();
        await transaction.CommitAsync();

        var response = await racing;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(visit.Id, (await response.JsonAsync()).GetProperty("id").GetInt32());
        Assert.Equal(1, await RowsAsync(key));
    }
}

/// <summary>The hall's API as the tablet's outbox uses it: exactly-once creation, replays, conflicts, validation.</summary>
public abstract class VisitsApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<ClockedAppFactory>
{
    protected ClockedAppFactory App => fixture.App;

    protected Task<int> RowsAsync(Guid clientId) => App.WithDbAsync(db => db.Visits.CountAsync(v => v.ClientId == clientId));

    [Fact]
    public async Task The_same_visit_sent_three_times_two_at_once_is_stored_once_and_every_answer_has_its_id()
    {
        var e = await App.PrisonAsync("API");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-API");
        var token = await staff.ApiTokenAsync();
        var key = Guid.NewGuid();
        var body = Hall.Visit(session.Id);

        var concurrent = await Task.WhenAll(staff.PostVisitAsync("API", body, key, token), staff.PostVisitAsync("API", body, key, token));
        var third = await staff.PostVisitAsync("API", body, key, token);

        var responses = concurrent.Append(third).ToList();
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"answered {(int)r.StatusCode}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var ids = new List<int>();
        foreach (var r in responses)
        {
            ids.Add((await r.JsonAsync()).GetProperty("id").GetInt32());
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await RowsAsync(key));
    }

    [Fact]
    public async Task Many_tablets_sending_at_once_with_double_taps_and_a_dashboard_reading_have_every_visit_stored_once()
    {
        // Writers queue at the write gate (SQLite) instead of failing or sleeping on the lock, and the dashboard's
        // recount of the month they keep marking stale neither blocks them nor stores wrong counts.
        var e = await App.PrisonAsync("APR");
        var session = await App.SessionAsync(e, App.Today);
        var governor = await App.SignedInAsync("gov-APR");
        var tablets = new List<(HttpClient Client, string Token)>();
        for (var t = 0; t < 8; t++)
        {
            await App.AddUserAsync($"staff-APR{t}", Roles.VisitsStaff, "APR");
            var client = await App.SignedInAsync($"staff-APR{t}");
            tablets.Add((client, await client.ApiTokenAsync()));
        }
        var month = App.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var sends = tablets.SelectMany((tablet, t) => Enumerable.Range(0, 5).Select(async i =>
        {
            var key = Guid.NewGuid();
            var body = Hall.Visit(session.Id, prisoner: $"A{t}{i:D3}BC");
            // Every third visit is a double tap: the same key twice at once.
            var answers = await Task.WhenAll(Enumerable.Repeat(0, i % 3 == 0 ? 2 : 1).Select(_ => tablet.Client.PostVisitAsync("APR", body, key, tablet.Token)));
            return (key, answers.Select(a => a.StatusCode).ToList());
        })).ToList();
        var dashboard = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => governor.GetAsync($"/establishments/APR/dashboard?month={month}")));
        var sent = await Task.WhenAll(sends);
        Assert.All(await dashboard, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.All(sent, s => Assert.All(s.Item2, code => Assert.True(code is HttpStatusCode.Created or HttpStatusCode.OK, $"answered {(int)code}")));
        var stored = await App.WithDbAsync(db => db.Visits.Where(v => v.EstablishmentId == e.Id).Select(v => v.ClientId).ToListAsync());
        Assert.Equal(sent.Select(s => s.key).Order(), stored.Order());
        using var scope = App.Services.CreateScope();
        var counts = await scope.ServiceProvider.GetRequiredService<MonthlyKpiStore>().CountsAsync([YearMonth.Of(App.Today)]);
        Assert.Equal(40, counts.Single(c => c.EstablishmentId == e.Id).Counts.VisitsAttended);
    }

    [Fact]
    public async Task A_created_visit_is_stored_normalised_with_its_payload_hash_and_the_creation_is_audited()
    {
        var e = await App.PrisonAsync("NRM");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-NRM");
        var key = Guid.NewGuid();

        var response = await staff.PostVisitAsync("NRM", Hall.Visit(session.Id, prisoner: " a1234bc ", postcode: "wv10 6aa"), key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal($"/api/establishments/NRM/visits/{json.GetProperty("id").GetInt32()}", response.Headers.Location!.OriginalString);
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.ClientId == key));
        Assert.Equal("A1234BC", visit.Prisoner);
        Assert.Equal("WV10", visit.VisitorDistrict);
        Assert.Equal(VisitOutcome.Attended, visit.Outcome);
        Assert.Equal(new TimeOnly(14, 5), visit.ArrivedAt);
        Assert.Equal(2, visit.Adults);
        Assert.Equal(1, visit.Children0To4);
        Assert.Equal(App.Today, visit.Date);
        Assert.Equal(202606, visit.Month);
        Assert.Equal(64, visit.PayloadHash.Length);
        Assert.False(visit.NeedsReview);
        Assert.Equal("staff-NRM", visit.CreatedBy);
        // The full postcode is in no stored column, not even in the audit log.
        var audit = await App.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.EntityType == "Visit" && a.EntityKey == visit.Id.ToString()));
        Assert.Equal("Created", audit.Action);
        Assert.Equal("staff-NRM", audit.Actor);
        Assert.Contains("\"VisitorDistrict\":\"WV10\"", audit.After);
        Assert.DoesNotContain("6AA", audit.After, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_same_key_with_a_different_visit_is_refused_with_409_and_nothing_changes()
    {
        var e = await App.PrisonAsync("CON");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-CON");
        var key = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostVisitAsync("CON", Hall.Visit(session.Id, prisoner: "A1234BC"), key)).StatusCode);

        var other = await staff.PostVisitAsync("CON", Hall.Visit(session.Id, prisoner: "B9876ZZ"), key);

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(409, (await other.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(1, await RowsAsync(key));
        Assert.Equal("A1234BC", await App.WithDbAsync(db => db.Visits.Where(v => v.ClientId == key).Select(v => v.Prisoner).SingleAsync()));
    }

    [Fact]
    public async Task A_key_used_at_another_prison_is_a_conflict_not_a_leak_of_that_visit()
    {
        var a = await App.PrisonAsync("KYA");
        var b = await App.PrisonAsync("KYB");
        var sa = await App.SessionAsync(a, App.Today);
        var sb = await App.SessionAsync(b, App.Today);
        var key = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await (await App.SignedInAsync("staff-KYA")).PostVisitAsync("KYA", Hall.Visit(sa.Id), key)).StatusCode);

        var response = await (await App.SignedInAsync("staff-KYB")).PostVisitAsync("KYB", Hall.Visit(sb.Id), key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.DoesNotContain("A1234BC", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_visit_for_a_session_cancelled_meanwhile_is_accepted_and_flagged_for_review()
    {
        var e = await App.PrisonAsync("CXL");
        var session = await App.SessionAsync(e, App.Today);
        await App.WithDbAsync(async db =>
        {
            var s = await db.Sessions.SingleAsync(x => x.Id == session.Id);
            s.Status = SessionStatus.CancelledByEstablishment;
            s.CancellationReason = "Staff shortage";
            await db.SaveChangesAsync();
        });
        var staff = await App.SignedInAsync("staff-CXL");
        var key = Guid.NewGuid();

        var response = await staff.PostVisitAsync("CXL", Hall.Visit(session.Id), key);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.True(json.GetProperty("needsReview").GetBoolean());
        Assert.Contains("cancelled", json.GetProperty("reviewReason").GetString());
        Assert.Contains("Staff shortage", json.GetProperty("reviewReason").GetString());
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.ClientId == key));
        Assert.True(visit.NeedsReview);
        Assert.Equal(VisitOutcome.Attended, visit.Outcome);
    }

    [Fact]
    public async Task A_visit_sent_by_staff_after_the_day_of_its_session_is_accepted_and_flagged()
    {
        var e = await App.PrisonAsync("LAT");
        var yesterday = await App.SessionAsync(e, App.Today.AddDays(-1));
        var staff = await App.SignedInAsync("staff-LAT");

        var response = await staff.PostVisitAsync("LAT", Hall.Visit(yesterday.Id), Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("needsReview").GetBoolean());
    }

    [Fact]
    public async Task A_visit_for_a_later_day_or_another_prisons_session_is_refused_with_422()
    {
        var e = await App.PrisonAsync("FUT");
        var other = await App.PrisonAsync("FUO");
        var tomorrow = await App.SessionAsync(e, App.Today.AddDays(1));
        var foreign = await App.SessionAsync(other, App.Today);
        var staff = await App.SignedInAsync("staff-FUT");

        var later = await staff.PostVisitAsync("FUT", Hall.Visit(tomorrow.Id), Guid.NewGuid());
        var elsewhere = await staff.PostVisitAsync("FUT", Hall.Visit(foreign.Id), Guid.NewGuid());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, later.StatusCode);
        Assert.Contains("later day", (await later.JsonAsync()).GetProperty("errors").GetProperty("sessionId")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id || v.EstablishmentId == other.Id)));
    }

    [Fact]
    public async Task Outcome_correction_and_removal_through_the_api_check_the_version()
    {
        var e = await App.PrisonAsync("VER");
        var session = await App.SessionAsync(e, App.Today);
        var staff = await App.SignedInAsync("staff-VER");
        var created = await (await staff.PostVisitAsync("VER", Hall.Visit(session.Id, outcome: null, arrivedAt: null), Guid.NewGuid())).JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        var version = created.GetProperty("version").GetGuid();

        // Arrival is stamped with the time the outcome is recorded: 10:00 in London.
        var attended = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/VER/visits/{id}/outcome", new { outcome = "attended", version });
        Assert.Equal(HttpStatusCode.OK, attended.StatusCode);
        var after = await attended.JsonAsync();
        Assert.Equal("Attended", after.GetProperty("outcome").GetString());
        Assert.Equal("10:00", after.GetProperty("arrivedAt").GetString());

        // The old version is stale now: someone else's change is never overwritten.
        var stale = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/VER/visits/{id}/outcome", new { outcome = "NoShow", version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by someone else", (await stale.JsonAsync()).GetProperty("detail").GetString());

        var newVersion = after.GetProperty("version").GetGuid();
        var corrected = await staff.SendJsonAsync(HttpMethod.Put, $"/api/establishments/VER/visits/{id}",
            new { prisoner = "A1234BC", adults = 3, relationship = "Parent", outcome = "Attended", arrivedAt = "14:10", endedAt = "15:55", version = newVersion });
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var correctedJson = await corrected.JsonAsync();
        Assert.Equal(3, correctedJson.GetProperty("adults").GetInt32());
        Assert.Equal("15:55", correctedJson.GetProperty("endedAt").GetString());

        var noVersion = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/VER/visits/{id}/outcome", new { outcome = "NoShow" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noVersion.StatusCode);
        Assert.True((await noVersion.JsonAsync()).GetProperty("errors").TryGetProperty("version", out _));

        var removed = await staff.SendJsonAsync(HttpMethod.Delete, $"/api/establishments/VER/visits/{id}?version={correctedJson.GetProperty("version").GetGuid()}", null);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var visit = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == id));
        Assert.True(visit.Removed);
        Assert.NotNull(visit.RemovedAt);
        Assert.Equal(3, visit.Adults);

        var afterRemoval = await staff.SendJsonAsync(HttpMethod.Post, $"/api/establishments/VER/visits/{id}/outcome", new { outcome = "NoShow", version = visit.Version });
        Assert.Equal(HttpStatusCode.Conflict, afterRemoval.StatusCode);
    }

    [Fact]
    public async Task Todays_sessions_come_with_capacity_counts_and_a_full_state()
    {
        var e = await App.PrisonAsync("DAY");
        var afternoon = await App.SessionAsync(e, App.Today, "14:00", "16:00", visits: 1, visitors: 3);
        await App.SessionAsync(e, App.Today, "09:30", "11:00");
        var staff = await App.SignedInAsync("staff-DAY");
        await staff.PostVisitAsync("DAY", Hall.Visit(afternoon.Id), Guid.NewGuid());

        var response = await staff.GetAsync("/api/establishments/DAY/sessions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("2026-06-15", json.GetProperty("date").GetString());
        var sessions = json.GetProperty("sessions");
        Assert.Equal("09:30", sessions[0].GetProperty("start").GetString());
        Assert.False(sessions[0].GetProperty("full").GetBoolean());
        Assert.Equal("14:00", sessions[1].GetProperty("start").GetString());
        Assert.Equal(1, sessions[1].GetProperty("visitsLogged").GetInt32());
        Assert.Equal(3, sessions[1].GetProperty("visitors").GetInt32());
        Assert.Equal(1, sessions[1].GetProperty("attended").GetInt32());
        Assert.True(sessions[1].GetProperty("full").GetBoolean());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());

        // Staff see today only; another day is a governor's view.
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/establishments/DAY/sessions?date=2026-06-14")).StatusCode);
        var governor = await App.SignedInAsync("gov-DAY");
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync("/api/establishments/DAY/sessions?date=2026-06-14")).StatusCode);
    }

    [Fact]
    public async Task Warnings_not_blocks_for_the_same_prisoner_twice_and_more_visitors_than_allowed()
    {
        var e = await App.PrisonAsync("WRN");
        var session = await App.SessionAsync(e, App.Today, visits: 5, visitors: 4);
        var staff = await App.SignedInAsync("staff-WRN");
        var first = await staff.PostVisitAsync("WRN", Hall.Visit(session.Id, adults: 2, children0To4: 0), Guid.NewGuid());
        Assert.Empty((await first.JsonAsync()).GetProperty("warnings").EnumerateArray());

        var second = await staff.PostVisitAsync("WRN", Hall.Visit(session.Id, adults: 2, children0To4: 1), Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var warnings = (await second.JsonAsync()).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("A1234BC already has a visit logged in this session"));
        Assert.Contains(warnings, w => w.Contains("5 visitors, more than the 4 it allows"));
        Assert.Equal(2, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

}
