using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests.Hardening;

/// <summary>A prison BAD with its governor and staff (gov-BAD, staff-BAD), another prison OTH, and a user holding every role.</summary>
public sealed class BadInputFixture() : AppFixture<ClockedAppFactory>(null)
{
    public Session Session { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var bad = await App.PrisonAsync("BAD");
        await App.PrisonAsync("OTH");
        Session = await App.SessionAsync(bad, App.Today);
        var id = await App.AddUserAsync("every.role", Roles.Administrator, null);
        await App.WithDbAsync(async db =>
        {
            db.RoleGrants.AddRange(
                new RoleGrant { UserId = id, Role = Roles.Governor, EstablishmentId = bad.Id },
                new RoleGrant { UserId = id, Role = Roles.PathwayLead });
            await db.SaveChangesAsync();
        });
    }
}

/// <summary>
/// Issue 14 item 4: hostile input that once gave a 500 is a 4xx with a clear message, and every /api/ error is
/// application/problem+json.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private ClockedAppFactory App => fixture.App;

    [Theory]
    [InlineData("/establishments/BAD/timetable?from=9999-12-31")]
    [InlineData("/establishments/BAD/timetable?from=0001-01-01")]
    [InlineData("/establishments/BAD/returns/9999-12")]
    [InlineData("/establishments/BAD/returns/0001-01")]
    [InlineData("/establishments/BAD/returns/9999-12/export.csv")]
    [InlineData("/establishments/BAD/returns/quarter/9999-Q4")]
    [InlineData("/returns?month=9999-12")]
    [InlineData("/returns?month=0001-01")]
    [InlineData("/returns/export?month=9999-12&format=csv")]
    [InlineData("/returns/quarter/0001-Q1")]
    [InlineData("/establishments/BAD/dashboard?month=9999-12")]
    [InlineData("/establishments/BAD/dashboard?month=0001-01")]
    [InlineData("/establishments/BAD/population?month=9999-12")]
    [InlineData("/population?month=9999-12")]
    [InlineData("/population/export?month=0001-01")]
    [InlineData("/establishments/BAD/today?date=9999-12-31")]
    [InlineData("/establishments/BAD/today?date=0001-01-01")]
    [InlineData("/family-groups?period=9999-12")]
    [InlineData("/family-groups?period=0001-Q1")]
    [InlineData("/national?period=9999-12")]
    [InlineData("/api/establishments/BAD/kpis?month=9999-12")]
    [InlineData("/api/establishments/BAD/kpis?month=0001-01")]
    [InlineData("/api/establishments/BAD/sessions?date=9999-12-31")]
    [InlineData("/api/establishments/BAD/sessions?date=0001-01-01")]
    public async Task Dates_at_the_ends_of_the_calendar_are_not_a_server_error(string url)
    {
        var client = await App.SignedInAsync("every.role");
        var response = await client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode}");
    }

    public static TheoryData<string> HostileForms => ["code=200", "null byte", "4 MB value", "1,025 fields", "quote in a file name"];

    [Theory]
    [MemberData(nameof(HostileForms))]
    public async Task Hostile_form_posts_are_a_4xx(string kind)
    {
        var client = await App.SignedInAsync("gov-BAD");
        var token = await client.TokenAsync("/establishments/BAD/today");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ClientId"] = Guid.NewGuid().ToString() };
        HttpResponseMessage response;
        switch (kind)
        {
            case "code=200":
                // A governor may not create accounts: 403, whatever the form says.
                fields["code"] = "200";
                response = await client.PostAsync("/admin/users/new", new FormUrlEncodedContent(fields));
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
            case "null byte":
                fields["Prisoner"] = "A1234\0BC";
                fields["code"] = "200";
                response = await client.PostAsync("/establishments/BAD/today/visits", new FormUrlEncodedContent(fields));
                break;
            case "4 MB value":
                fields["Prisoner"] = new string('A', 4 * 1024 * 1024 + 1);
                response = await client.PostAsync("/establishments/BAD/today/visits", new FormUrlEncodedContent(fields));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                break;
            case "1,025 fields":
                for (var i = 0; i < 1025; i++)
                {
                    fields[$"f{i}"] = "x";
                }
                response = await client.PostAsync("/establishments/BAD/today/visits", new FormUrlEncodedContent(fields));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                break;
            default:
                var admin = await App.SignedInAsync("every.role");
                var adminToken = await admin.TokenAsync("/admin/imports");
                var boundary = "----hostile";
                var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{adminToken}\r\n"
                    + $"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\noutcodes\r\n"
                    + $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\"b.csv\"\r\nContent-Type: text/csv\r\n\r\npostcode\r\n"
                    + $"--{boundary}--\r\n";
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
                response = await admin.PostAsync("/admin/imports", content);
                break;
        }
        Assert.InRange((int)response.StatusCode, 300, 499);
    }

    [Fact]
    public async Task The_error_page_takes_no_status_from_a_posted_field()
    {
        // Posting straight to the error page: no form field decides its status.
        var response = await App.Browser().PostAsync("/error", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "200" }));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync("/error/200")).StatusCode);
    }

    [Fact]
    public async Task A_40_MB_body_to_the_visits_api_is_413_problem_json()
    {
        var staff = await App.SignedInAsync("staff-BAD");
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/establishments/BAD/visits", null, Guid.NewGuid().ToString(),
            rawBody: "{\"prisoner\":\"" + new string('A', 40 * 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response, 413);
    }

    [Fact]
    public async Task Api_errors_are_problem_json()
    {
        var staff = await App.SignedInAsync("staff-BAD");
        await AssertProblemAsync(await App.Browser().GetAsync("/api/establishments/BAD/sessions"), 401);
        await AssertProblemAsync(await (await App.SignedInAsync("gov-BAD")).GetAsync("/api/establishments/BAD/kpis?month=not-a-month"), 400);
        await AssertProblemAsync(await staff.GetAsync("/api/establishments/OTH/sessions"), 403);
        await AssertProblemAsync(await staff.GetAsync("/api/no/such/thing"), 404);

        var key = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostVisitAsync("BAD", Hall.Visit(fixture.Session.Id, prisoner: "A1234BC"), key)).StatusCode);
        await AssertProblemAsync(await staff.PostVisitAsync("BAD", Hall.Visit(fixture.Session.Id, prisoner: "B9876ZZ"), key), 409);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{status} came as {response.Content.Headers.ContentType?.MediaType}");
        Assert.Contains($"\"status\":{status}", await response.Content.ReadAsStringAsync());
    }
}
