using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Api.ApiClientsApp;

namespace VisitsCapture.IntegrationTests.Api;

/// <summary>Machine clients end to end: issued by an administrator, a token, reads, the population feed, scope, revocation.</summary>
public sealed class ApiClientTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private async Task<HttpClient> AdminAsync()
    {
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "api-admin")))
        {
            await App.AddUserAsync("api-admin", Roles.Administrator, null);
        }
        return await App.SignedInAsync("api-admin");
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_national_client_downloads_a_quarters_returns_pushes_a_population_extract_and_polls_it_and_a_regional_one_is_refused_outside_its_region()
    {
        await App.AddEstablishmentAsync("QWM", region: "West Midlands");
        await App.AddEstablishmentAsync("QWA", region: "Wales");
        // 2025-Q1 is April to June 2025. QWM's April return was revised (version 2, 3 visits) after version 1 (2 visits) was signed off.
        await AddReturnAsync(App, "QWM", new YearMonth(2025, 4), visitsAttended: 2, population: 400, version: 1, status: ReturnStatus.SignedOff);
        await AddReturnAsync(App, "QWM", new YearMonth(2025, 4), visitsAttended: 3, population: 400, version: 2);
        await AddReturnAsync(App, "QWA", new YearMonth(2025, 4), visitsAttended: 10, population: 600, status: ReturnStatus.SignedOff);
        await AddReturnAsync(App, "QWA", new YearMonth(2025, 5), visitsAttended: 10, population: 600);
        // Outside the quarter: must not count.
        await AddReturnAsync(App, "QWA", new YearMonth(2025, 7), visitsAttended: 99, population: 600);

        var admin = await AdminAsync();
        var (id, secret) = await IssueAsync(admin, "national-analyst", Roles.PathwayLead, "national");
        Assert.StartsWith("vc-", id);
        Assert.True(secret.Length >= 40);
        // Only the hash is stored.
        var stored = await App.WithDbAsync(db => db.ApiClients.SingleAsync(c => c.ClientId == id));
        Assert.DoesNotContain(secret, stored.SecretHash);
        Assert.DoesNotContain(secret, await App.WithDbAsync(db => db.AuditEvents.Select(a => a.After ?? "").ToListAsync()) is var afters ? string.Join("", afters) : "");

        var api = await BearerAsync(App, id, secret);

        // The nation for the quarter: QWM's latest April version (3) + QWA's April and May (10 + 10).
        var national = await JsonAsync(await api.GetAsync("/api/returns/2025-Q1?level=national"), HttpStatusCode.OK);
        Assert.Equal("2025-Q1", national.GetProperty("period").GetString());
        Assert.Equal(3, national.GetProperty("monthsInPeriod").GetInt32());
        var nation = Assert.Single(national.GetProperty("rows").GetProperty("items").EnumerateArray());
        Assert.Equal("England and Wales", nation.GetProperty("name").GetString());
        Assert.Equal(3, nation.GetProperty("returns").GetInt32());
        Assert.Equal(23, Kpi(nation, "VisitsAttended").GetProperty("value").GetDouble());
        Assert.Equal(46, Kpi(nation, "Visitors").GetProperty("value").GetDouble());
        // A quarter reports the average monthly population, summed over establishments: 400 + (600 + 600) / 2, not 1,600.
        Assert.Equal(1000, nation.GetProperty("population").GetDouble());

        // Per establishment, paged; QWM's 3 visits are a small number outside the establishment, withheld as the pages do.
        var first = await JsonAsync(await api.GetAsync("/api/returns/2025-Q1?level=establishments&pageSize=1"), HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("rows").GetProperty("total").GetInt32());
        var qwa = Assert.Single(first.GetProperty("rows").GetProperty("items").EnumerateArray());
        Assert.Equal("QWA", qwa.GetProperty("key").GetString());
        Assert.Equal(20, Kpi(qwa, "VisitsAttended").GetProperty("value").GetDouble());
        Assert.Equal(600, qwa.GetProperty("population").GetDouble());
        Assert.False(Kpi(qwa, "VisitsAttended").GetProperty("suppressed").GetBoolean());
        var second = await JsonAsync(await api.GetAsync("/api/returns/2025-Q1?level=establishments&pageSize=1&page=2"), HttpStatusCode.OK);
        var qwm = Assert.Single(second.GetProperty("rows").GetProperty("items").EnumerateArray());
        Assert.Equal("QWM", qwm.GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, Kpi(qwm, "VisitsAttended").GetProperty("value").ValueKind);
        Assert.True(Kpi(qwm, "VisitsAttended").GetProperty("suppressed").GetBoolean());

        var regions = await JsonAsync(await api.GetAsync("/api/returns/2025-Q1?level=regions"), HttpStatusCode.OK);
        Assert.Equal(["Wales", "West Midlands"], regions.GetProperty("rows").GetProperty("items").EnumerateArray().Select(r => r.GetProperty("key").GetString()));
        var groups = await JsonAsync(await api.GetAsync("/api/returns/2025-Q1?level=family-groups"), HttpStatusCode.OK);
        Assert.Equal(23, Kpi(Assert.Single(groups.GetProperty("rows").GetProperty("items").EnumerateArray()), "VisitsAttended").GetProperty("value").GetDouble());

        // A month: each establishment's latest version and its sign-off status.
        var april = await JsonAsync(await api.GetAsync("/api/returns/2025-04"), HttpStatusCode.OK);
        var aprilRows = april.GetProperty("rows").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(1, "SignedOff"), (2, "Draft")], aprilRows.Select(r => (r.GetProperty("version").GetInt32(), r.GetProperty("status").GetString())));

        // One establishment's versions, newest first, with sign-off.
        var versions = await JsonAsync(await api.GetAsync("/api/establishments/QWM/returns"), HttpStatusCode.OK);
        var items = versions.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2, 1], items.Select(v => v.GetProperty("version").GetInt32()));
        Assert.True(items[0].GetProperty("latest").GetBoolean());
        Assert.True(items[0].GetProperty("revised").GetBoolean());
        Assert.Equal("SignedOff", items[1].GetProperty("status").GetString());
        Assert.Equal("governor", items[1].GetProperty("signedOffBy").GetString());
        // A national lead is outside the establishment: its small numbers are withheld there too (SmallNumberViews).
        Assert.True(Kpi(items[1], "VisitsAttended").GetProperty("suppressed").GetBoolean());
        Assert.Equal(40, Kpi(items[1], "PlacesAvailable").GetProperty("value").GetDouble());

        // The population feed: a counts extract, no antiforgery token (a bearer call), polled to done.
        var posted = await api.PostAsync("/api/establishments/QWM/population?kind=population-counts", Csv("establishment,snapshot_date,population\nQWM,2025-03-31,512\n"));
        var queued = await JsonAsync(posted, HttpStatusCode.Accepted);
        Assert.False(queued.GetProperty("done").GetBoolean());
        var done = await PollAsync(api, posted.Headers.Location!);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal("population-counts", done.GetProperty("kind").GetString());
        Assert.StartsWith("1 rows read: 1 added, 0 updated, 0 unchanged.", done.GetProperty("summary").GetString());
        Assert.Equal([512], await SnapshotsAsync("QWM"));

        // The same file again is the same import: its earlier result, nothing imported twice.
        var again = await JsonAsync(await api.PostAsync("/api/establishments/QWM/population?kind=population-counts", Csv("establishment,snapshot_date,population\nQWM,2025-03-31,512\n")), HttpStatusCode.OK);
        Assert.Equal(queued.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(done.GetProperty("summary").GetString(), again.GetProperty("summary").GetString());
        Assert.Equal([512], await SnapshotsAsync("QWM"));
        Assert.Equal(1, await App.WithDbAsync(db => db.ImportRuns.CountAsync(r => r.UserId == "client:" + id)));

        // Every call is audited under the client's name, and so is the import it started.
        // (API call records are written off the request, in batches: wait for them.)
        var audit = await Eventually(() => App.WithDbAsync(db => db.AuditEvents.Where(a => a.Actor == "api:national-analyst").ToListAsync()),
            events => events.Any(a => a.Action == "ApiCall" && a.EntityKey == "POST /api/establishments/QWM/population"));
        Assert.Contains(audit, a => a.Action == "ApiCall" && a.EntityKey == "GET /api/returns/2025-Q1" && a.UserId == "client:" + id);
        Assert.Contains(audit, a => a.Action == "ApiCall" && a.EntityKey == "POST /api/establishments/QWM/population");
        Assert.Contains(audit, a => a.Action == "Imported" && a.EntityType == "Import:population-counts");

        // A regional client: its region only; another region's establishment and the national line are 403.
        var (walesId, walesSecret) = await IssueAsync(admin, "wales-analyst", Roles.PathwayLead, "region", region: "Wales");
        var wales = await BearerAsync(App, walesId, walesSecret);
        await ProblemAsync(await wales.GetAsync("/api/establishments/QWM/returns"), HttpStatusCode.Forbidden);
        await ProblemAsync(await wales.PostAsync("/api/establishments/QWM/population?kind=population-counts", Csv("establishment,snapshot_date,population\nQWM,2025-03-31,1\n")), HttpStatusCode.Forbidden);
        await ProblemAsync(await wales.GetAsync("/api/returns/2025-Q1?level=national"), HttpStatusCode.Forbidden);
        await JsonAsync(await wales.GetAsync("/api/establishments/QWA/returns"), HttpStatusCode.OK);
        var walesRows = await JsonAsync(await wales.GetAsync("/api/returns/2025-Q1"), HttpStatusCode.OK);
        Assert.Equal(["QWA"], walesRows.GetProperty("rows").GetProperty("items").EnumerateArray().Select(r => r.GetProperty("key").GetString()));
        // The status of an import someone else started is not found.
        await ProblemAsync(await wales.GetAsync(posted.Headers.Location!), HttpStatusCode.NotFound);
        Assert.Equal([512], await SnapshotsAsync("QWM"));
    }

    [Fact]
    public async Task A_revoked_or_expired_client_is_refused_and_a_wrong_secret_gets_no_token()
    {
        await App.AddEstablishmentAsync("RVK");
        var admin = await AdminAsync();
        var (id, secret) = await IssueAsync(admin, "to-revoke", Roles.Governor, "establishment", establishment: "RVK");
        var api = await BearerAsync(App, id, secret);
        await JsonAsync(await api.GetAsync("/api/establishments/RVK/returns"), HttpStatusCode.OK);

        var anonymous = App.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var wrong = await ProblemAsync(await RequestTokenAsync(anonymous, id, secret + "x"), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_client", wrong.GetProperty("error").GetString());

        var dbId = await App.WithDbAsync(db => db.ApiClients.Where(c => c.ClientId == id).Select(c => c.Id).SingleAsync());
        var revoked = await admin.PostFormAsync($"/admin/api-clients/{dbId}/revoke", new(), tokenPage: "/admin/api-clients");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        // Its existing token stops working, and it gets no new one.
        await ProblemAsync(await api.GetAsync("/api/establishments/RVK/returns"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await RequestTokenAsync(anonymous, id, secret), HttpStatusCode.Unauthorized);
        Assert.Contains(await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "ApiClient" && a.Action == "Updated").Select(a => a.After).ToListAsync()),
            after => after!.Contains("RevokedAt"));

        var (expiringId, expiringSecret) = await IssueAsync(admin, "to-expire", Roles.Governor, "establishment", establishment: "RVK");
        await App.WithDbAsync(async db =>
        {
            var c = await db.ApiClients.SingleAsync(x => x.ClientId == expiringId);
            c.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        });
        await ProblemAsync(await RequestTokenAsync(anonymous, expiringId, expiringSecret), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_come_from_form_json_or_basic_credentials_and_bad_requests_get_problem_details()
    {
        await App.AddEstablishmentAsync("TKN");
        var admin = await AdminAsync();
        var (id, secret) = await IssueAsync(admin, "token-forms", Roles.Governor, "establishment", establishment: "TKN");
        var http = App.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

        var json = await http.PostAsJsonAsync("/api/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret });
        var token = await JsonAsync(json, HttpStatusCode.OK);
        Assert.InRange(token.GetProperty("expires_in").GetInt32(), 60, 3600);
        Assert.Equal("no-store", json.Headers.CacheControl?.ToString());

        using var basic = new HttpRequestMessage(HttpMethod.Post, "/api/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }) };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
        await JsonAsync(await http.SendAsync(basic), HttpStatusCode.OK);

        var grant = await ProblemAsync(await http.PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = id, ["client_secret"] = secret })), HttpStatusCode.BadRequest);
        Assert.Equal("unsupported_grant_type", grant.GetProperty("error").GetString());
        await ProblemAsync(await http.PostAsync("/api/token", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await ProblemAsync(await http.PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" })), HttpStatusCode.BadRequest);

        // No token, or a forged one: 401.
        await ProblemAsync(await http.GetAsync("/api/establishments/TKN/returns"), HttpStatusCode.Unauthorized);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/establishments/TKN/returns");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString()![..^4] + "AAAA");
        await ProblemAsync(await http.SendAsync(forged), HttpStatusCode.Unauthorized);

        var api = await BearerAsync(App, id, secret);
        var period = await ProblemAsync(await api.GetAsync("/api/establishments/TKN/returns?month=2025-13"), HttpStatusCode.BadRequest);
        Assert.True(period.GetProperty("errors").TryGetProperty("month", out _));
        await ProblemAsync(await api.GetAsync("/api/establishments/TKN/returns?pageSize=0"), HttpStatusCode.BadRequest);
        // A governor's client has no cross-establishment returns.
        await ProblemAsync(await api.GetAsync("/api/returns/2025-04"), HttpStatusCode.Forbidden);
        var kind = await ProblemAsync(await api.PostAsync("/api/establishments/TKN/population", Csv("establishment,snapshot_date,population\nTKN,2025-03-31,100\n")), HttpStatusCode.BadRequest);
        Assert.True(kind.GetProperty("errors").TryGetProperty("kind", out _));
        await ProblemAsync(await api.PostAsync("/api/establishments/TKN/population?kind=population-counts", Csv("")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_rejected_extract_reports_every_rows_reason_and_imports_nothing_and_cookie_calls_still_need_the_antiforgery_token()
    {
        await App.AddEstablishmentAsync("REJ");
        await App.AddEstablishmentAsync("RJX");
        var admin = await AdminAsync();
        var (id, secret) = await IssueAsync(admin, "rejecting-feed", Roles.Governor, "establishment", establishment: "REJ");
        var api = await BearerAsync(App, id, secret);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("establishment,snapshot_date,population\nREJ,2025-03-31,100\nREJ,2025-13-01,100\nRJX,2025-03-31,100\nREJ,2025-02-28,-1\n")), "file", "extract.csv" } };
        var posted = await api.PostAsync("/api/establishments/REJ/population?kind=population-counts", form);
        var done = await PollAsync(api, (await JsonAsync(posted, HttpStatusCode.Accepted)).GetProperty("id").GetGuid() is var run ? new Uri($"/api/population/imports/{run}", UriKind.Relative) : null!);
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.Equal([3, 4, 5], done.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Distinct());
        Assert.Empty(await SnapshotsAsync("REJ"));

        // The same call from a signed-in page without the antiforgery token is refused.
        await App.AddUserAsync("rej-governor", Roles.Governor, "REJ");
        var browser = await App.SignedInAsync("rej-governor");
        var cookieCall = await browser.PostAsync("/api/establishments/REJ/population?kind=population-counts", Csv("establishment,snapshot_date,population\nREJ,2025-03-31,100\n"));
        Assert.Equal(HttpStatusCode.BadRequest, cookieCall.StatusCode);
        Assert.Empty(await SnapshotsAsync("REJ"));
    }

    [Fact]
    public async Task Only_administrators_issue_clients_names_are_unique_and_a_token_opens_the_api_but_not_the_pages()
    {
        var admin = await AdminAsync();
        var (id, secret) = await IssueAsync(admin, "admin-robot", Roles.Administrator, "national");
        var duplicate = await admin.PostFormAsync("/admin/api-clients", new()
        {
            ["Form.Name"] = "admin-robot", ["Form.Role"] = Roles.PathwayLead, ["Form.Scope"] = "national", ["Form.ExpiryDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("There is already a client with this name", await duplicate.Content.ReadAsStringAsync());
        var governorNationally = await admin.PostFormAsync("/admin/api-clients", new()
        {
            ["Form.Name"] = "bad-scope", ["Form.Role"] = Roles.Governor, ["Form.Scope"] = "national", ["Form.ExpiryDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.BadRequest, governorNationally.StatusCode);
        Assert.Contains("Visits staff and governors hold their role at an establishment", await governorNationally.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.ApiClients.CountAsync(c => c.Name == "admin-robot" || c.Name == "bad-scope")));
        // The secret's hash is not in the audit log.
        var created = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == "ApiClient" && a.Action == "Created").Select(a => a.After!).ToListAsync());
        Assert.NotEmpty(created);
        Assert.All(created, after => Assert.DoesNotContain("SecretHash", after));

        await App.AddUserAsync("api-lead", Roles.PathwayLead, null);
        var lead = await App.SignedInAsync("api-lead");
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/admin/api-clients")).StatusCode);

        // Even an administrator's token does not open the administration pages: they need a person's sign-in.
        var robot = await BearerAsync(App, id, secret);
        var page = await robot.GetAsync("/admin/api-clients");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.OriginalString);
        var mint = await robot.PostAsync("/admin/api-clients", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Name"] = "minted" }));
        Assert.NotEqual(HttpStatusCode.OK, mint.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.ApiClients.AnyAsync(c => c.Name == "minted")));
    }

    private static JsonElement Kpi(JsonElement row, string kpi) =>
        row.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetString() == kpi);

    private Task<List<int>> SnapshotsAsync(string code) =>
        App.WithDbAsync(db => db.PopulationSnapshots.Where(s => s.Establishment!.Code == code).Select(s => s.Population).ToListAsync());
}
